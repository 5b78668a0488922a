import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

describe('Next-best action in a real browser', () => {
  it('phone (375 px): the rules with their measured uplift, and a customer’s action marked as done on the profile', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true });
    const page = await context.newPage();
    await login(page, stack.baseUrl, 'analyst@savor.example');
    await page.goto(`${stack.baseUrl}/nba`);
    const rules = page.getByTestId('nba-rule');
    await expect.poll(() => rules.count()).toBe(4);
    // The call-back works; the apology coupon shows no evidence and is flagged as not working.
    const coupon = rules.filter({ hasText: '致歉券' });
    await coupon.getByTestId('nba-flag').waitFor();
    await rules.filter({ hasText: '回访' }).first().getByTestId('nba-verdict').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    // A customer whom a rule gives an action (the newest profiles, asked through the API as the console does).
    const list = await (await page.request.get(`${stack.baseUrl}/api/v1/customers?limit=200`)).json();
    let found: { id: string; label: string } | undefined;
    for (const c of list.items as Array<{ id: string }>) {
      const res = await page.request.get(`${stack.baseUrl}/api/v1/customers/${c.id}/next-best-action`);
      const body = await res.json();
      if (res.ok() && body.action && body.decision?.status === 'open') {
        found = { id: c.id, label: body.action.label };
        break;
      }
    }
    expect(found, 'a demo customer with an open next-best action').toBeDefined();
    await page.goto(`${stack.baseUrl}/customers/${found!.id}`);
    const card = page.getByTestId('nba-card');
    await card.waitFor();
    expect(await card.getByTestId('nba-action').innerText()).toBe(found!.label);
    await card.getByRole('button', { name: '已执行' }).click();
    await expect.poll(() => card.getByTestId('nba-status').innerText()).toBe('已执行');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await context.close();
  });
});
