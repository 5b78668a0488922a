import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

describe('Concept tests in a real browser', () => {
  it('phone (375 px): the owner sees the vetoed crayfish box, its interval under the threshold, and overrides the salad bowl with a justification', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true });
    const page = await context.newPage();
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/concept-tests`);
    const list = page.getByTestId('concept-list');
    const crayfish = list.locator('tr', { hasText: '新品：麻辣小龙虾套餐' });
    await crayfish.waitFor();
    expect(await crayfish.getByTestId('decision-veto').innerText()).toBe('否决');
    expect(await list.locator('tr', { hasText: '新品：轻食沙拉碗' }).getByTestId('decision-launch').innerText()).toBe(
      '上市',
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    await crayfish.getByRole('link').click();
    const live = page.getByTestId('live-gate');
    await live.waitFor();
    expect(await live.innerText()).toContain('52.0%');
    // 130 of 250 at 95 %: [45.8 %, 58.1 %], under the 60 % line.
    expect(await page.getByTestId('gate-interval').innerText()).toContain('45.8% – 58.1%');
    await page.getByTestId('approval-bar').waitFor();
    expect(await page.getByTestId('history').innerText()).toContain('否决');
    expect(await page.getByTestId('negative-reasons').locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: '/tmp/e2e-concept-phone.png', fullPage: true });

    await page.goto(`${stack.baseUrl}/concept-tests`);
    await list.locator('tr', { hasText: '新品：轻食沙拉碗' }).getByRole('link').click();
    await page.getByTestId('live-gate').waitFor();
    await page.getByTestId('override').click();
    await page.getByRole('dialog').getByText('数据不足').click();
    await page.getByTestId('override-justification').fill('短');
    await page.getByTestId('override-ok').click();
    await page.getByText('理由至少 20 个字符').waitFor();
    await page.getByTestId('override-justification').fill('供应商沙拉菜原料季节性短缺，等秋季供货稳定后再复测一次');
    await page.getByTestId('override-ok').click();
    const history = page.getByTestId('history');
    await expect.poll(async () => history.innerText()).toContain('供应商沙拉菜原料季节性短缺');
    expect(await history.innerText()).toContain('已覆盖');
    await context.close();
  });

  it('desktop: the SUS test of the mini-program ordering flow shows its usability score', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await login(page, stack.baseUrl, 'analyst@savor.example');
    await page.goto(`${stack.baseUrl}/concept-tests`);
    await page.getByTestId('concept-list').locator('tr', { hasText: '小程序点餐流程' }).getByRole('link').click();
    const usability = page.getByTestId('usability');
    await usability.waitFor();
    expect(await usability.innerText()).toContain('SUS');
    expect(await usability.innerText()).toContain('n = 60');
    // An analyst reads but does not record.
    expect(await page.getByTestId('record-decision').count()).toBe(0);
    await context.close();
  });
});
