import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

describe('Products in a real browser', () => {
  it('phone (375 px): the catalogue by stage, and the crayfish moved to review with its scorecard', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true });
    const page = await context.newPage();
    await login(page, stack.baseUrl, 'analyst@savor.example');
    await page.goto(`${stack.baseUrl}/products`);
    const crayfish = page.locator('tr', { hasText: '麻辣小龙虾' }).first();
    await crayfish.waitFor();
    expect(await crayfish.innerText()).toContain('复盘中');
    expect(await page.locator('tr', { hasText: '夏日冷面' }).first().innerText()).toContain('已下市');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    await crayfish.getByRole('link').first().click();
    await page.waitForURL(/\/products\/[0-9a-f-]{36}$/);
    // The stage history names the month-close review rule's move; the scorecard shows NPS with its trend chart.
    const history = page.locator('.ant-card', { hasText: '阶段历史' });
    await history.waitFor();
    expect(await history.innerText()).toContain('复盘中');
    const scorecard = page.locator('.ant-card', { hasText: '上市后评分卡' });
    await expect.poll(() => scorecard.innerText(), { timeout: 20_000 }).toContain('NPS');
    await scorecard.locator('.ant-card-body canvas').first().waitFor();
    expect(await scorecard.innerText()).toContain('退单率');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await context.close();
  });
});
