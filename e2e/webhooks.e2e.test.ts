import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../apps/server/src/platform/db.ts';
import { login, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

const DEMO_URL = 'https://data.savor.example/loopcx/webhooks';

describe('Connect → Webhooks in a real browser', () => {
  it('desktop: subscriptions, the demo delivery log (succeeded, retried, failed), a new subscription, re-enabling after an auto-disable', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 860 } });
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/webhooks`);
    await expect.poll(async () => page.getByText(DEMO_URL).count()).toBe(1);
    // The demo endpoint's subscriptions are shown by name.
    await expect.poll(async () => page.getByText('新答卷').count()).toBeGreaterThan(0);

    await page.locator('tr', { hasText: DEMO_URL }).getByTestId('open-deliveries').click();
    const drawer = page.locator('.ant-drawer');
    await expect.poll(async () => drawer.getByTestId('delivery-status').count()).toBeGreaterThan(10);
    const statuses = await drawer.getByTestId('delivery-status').allInnerTexts();
    expect(statuses).toContain('成功');
    expect(statuses).toContain('失败');
    // Retried deliveries show their attempt count; the endpoint is off, so redelivery is not offered.
    const attempts = await drawer.locator('tbody tr td:nth-child(5)').allInnerTexts();
    expect(attempts.some((n) => Number(n) > 1)).toBe(true);
    expect(await drawer.getByText('端点已停用：重新启用后才能重新投递。').count()).toBe(1);
    expect(await drawer.getByRole('button', { name: '重新投递' }).first().isDisabled()).toBe(true);
    await page.screenshot({ path: '/tmp/e2e-webhook-log.png' });
    await page.keyboard.press('Escape');

    // A new endpoint subscribed to ticket events.
    await page.getByRole('button', { name: /新建端点/ }).click();
    const dialog = page.getByRole('dialog', { name: '新建端点' });
    await dialog.getByLabel('接收地址').fill('https://crm.savor.example/hooks/tickets');
    await dialog.getByText('工单创建').click();
    await dialog.getByText('工单关闭').click();
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(async () => page.getByTestId('webhook-secret').count()).toBe(1);
    await page
      .getByRole('dialog', { name: '签名密钥' })
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await expect.poll(async () => page.getByText('https://crm.savor.example/hooks/tickets').count()).toBe(1);
    const saved = (await stack.ctx.db.execute(
      sql`SELECT events FROM webhook_endpoints WHERE url = 'https://crm.savor.example/hooks/tickets'`,
    )) as unknown as { rows: Array<{ events: string[] }> };
    expect(saved.rows[0].events).toEqual(['ticket.created', 'ticket.closed']);

    // An endpoint loopcx switched off after failures is marked, and one click switches it on again.
    await stack.ctx.db.execute(
      sql`UPDATE webhook_endpoints SET enabled = false, disabled_reason = 'failures', disabled_at = now(), consecutive_failures = 20
          WHERE url = 'https://crm.savor.example/hooks/tickets'`,
    );
    await page.reload();
    await expect.poll(async () => page.getByTestId('auto-disabled').count()).toBe(1);
    await page.getByRole('button', { name: '重新启用' }).click();
    await expect.poll(async () => page.getByTestId('auto-disabled').count()).toBe(0);
    const back = (await stack.ctx.db.execute(
      sql`SELECT enabled, disabled_reason FROM webhook_endpoints WHERE url = 'https://crm.savor.example/hooks/tickets'`,
    )) as unknown as { rows: Array<{ enabled: boolean; disabled_reason: string | null }> };
    expect(back.rows[0]).toEqual({ enabled: true, disabled_reason: null });
    await page.close();
  });

  it('phone (390 px): endpoint cards and the delivery log as cards', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/webhooks`);
    await expect.poll(async () => page.getByTestId('webhook-card').count()).toBeGreaterThan(0);
    await page.getByTestId('webhook-card').filter({ hasText: DEMO_URL }).getByTestId('open-deliveries').click();
    await expect.poll(async () => page.getByTestId('delivery-card').count()).toBeGreaterThan(10);
    // Nothing wider than the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '/tmp/e2e-webhook-phone.png' });
    await page.close();
  });
});
