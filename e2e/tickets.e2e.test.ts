import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../apps/server/src/platform/db.ts';
import { DEMO_PASSWORD, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

describe('closed loop in the browser', () => {
  it('a store manager cannot resolve without a root cause, resolves with one, and closes on the customer’s confirmation', async () => {
    const [ticket] = await rows<{ id: string; number: string }>(
      stack.ctx.db,
      sql`SELECT t.id, t.number FROM tickets t JOIN users u ON u.id = t.assignee_id WHERE u.email = 'east.manager@savor.example' AND t.status = 'new' ORDER BY t.number LIMIT 1`,
    );
    expect(ticket).toBeDefined();
    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${stack.baseUrl}/login`);
    await page.getByLabel(/邮箱|Email/).fill('east.manager@savor.example');
    await page.getByLabel(/密码|Password/).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录|Log in/ }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto(`${stack.baseUrl}/tickets/${ticket.id}`);
    await page.getByTestId('to-acknowledged').click();
    await expect.poll(async () => page.getByTestId('ticket-status').textContent()).toBe('已受理');
    await page.getByTestId('resolve').click();
    // The dialog animates open: a click on its button can land before it settles. Click until the refusal shows
    // (the root cause is required: each click only asks again).
    await expect
      .poll(
        async () => {
          const shown = await page.getByText('请选择根本原因').count();
          if (!shown)
            await page
              .getByTestId('resolve-confirm')
              .click({ timeout: 2000 })
              .catch(() => undefined);
          return shown;
        },
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0);
    await page.getByTestId('root-cause').getByText('上菜慢').click();
    await page.getByTestId('resolve-confirm').click();
    await expect.poll(async () => page.getByTestId('ticket-status').textContent()).toBe('已解决');
    await page.getByTestId('followup-confirmed').click();
    await expect.poll(async () => page.getByTestId('ticket-status').textContent()).toBe('已关闭');
    await page.screenshot({ path: '/tmp/e2e-ticket.png', fullPage: true });
    const [after] = await rows<{ status: string; code: string }>(
      stack.ctx.db,
      sql`SELECT t.status, rc.code FROM tickets t JOIN root_causes rc ON rc.id = t.root_cause_id WHERE t.id = ${ticket.id}`,
    );
    expect(after).toEqual({ status: 'closed', code: 'slow-serving' });
    await page.close();
  });
});
