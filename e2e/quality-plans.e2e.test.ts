import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, login, openDrawer, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

describe('Audit plans in a real browser', () => {
  it('desktop: HQ sees the demo plans, runs the mystery shop now (already ran this month), pauses it; the drawer summarises a new schedule', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/quality/plans`);
    const row = page.locator('tr', { hasText: '月度神秘顾客' });
    await expect.poll(async () => row.count()).toBe(1);
    expect(await row.innerText()).toContain('每月 1 日');
    expect(await row.innerText()).toContain('按大区分层');
    await row.click();
    await page.waitForURL(/\/quality\/plans\/[0-9a-f-]{36}$/);
    await expect.poll(async () => page.getByTestId('plan-run-row').count()).toBeGreaterThanOrEqual(3);
    await page.getByTestId('plan-run').click();
    await expect.poll(async () => page.locator('.ant-message').innerText()).toContain('已执行过');
    await page.getByTestId('plan-toggle').click();
    await expect.poll(async () => page.getByText('已暂停').count()).toBeGreaterThan(0);
    // The server agrees: the plan is paused.
    const owner = await apiSession(stack.baseUrl, 'owner@savor.example');
    const plans: Array<{ name: string; active: boolean }> = (await owner.json('audit-plans')).items;
    expect(plans.find((p) => p.name.startsWith('月度神秘顾客'))?.active).toBe(false);
    // A run's audit count opens the audits list filtered to that run: as many rows as it created.
    const first = page.getByTestId('plan-run-audits').first();
    const count = Number(await first.innerText());
    await first.click();
    await page.waitForURL(/\/quality\/audits\?run=[0-9a-f-]{36}$/);
    await expect.poll(async () => page.getByTestId('audits-run-filter').count()).toBe(1);
    await expect.poll(async () => page.locator('tbody tr.ant-table-row').count()).toBe(count);

    await page.goto(`${stack.baseUrl}/quality/plans`);
    await page.getByTestId('plan-new').click();
    const drawer = await openDrawer(page);
    await drawer.getByLabel('每月几日（1–28）').fill('15');
    await expect.poll(async () => drawer.getByTestId('plan-preview').innerText()).toContain('每月 15 日');
    await context.close();
  });

  it('phone (390 px): the plans list shows as cards with the last run’s completion', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/quality/plans`);
    const card = page.getByTestId('plan-card').filter({ hasText: '门店月度自检' });
    await expect.poll(async () => card.count()).toBe(1);
    expect(await card.getByTestId('plan-run-bar').count()).toBe(1);
    expect(await card.innerText()).toContain('门店自检');
    await context.close();
  });
});
