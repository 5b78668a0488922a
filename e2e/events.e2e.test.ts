import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

async function login(page: import('playwright-core').Page, email: string) {
  await page.goto(`${stack.baseUrl}/login`);
  await page.getByLabel(/邮箱|Email/).fill(email);
  await page.getByLabel(/密码|Password/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录|Log in/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

describe('events and formula metrics in a real browser (phone width)', () => {
  it('shows the CPO tile with numerator ÷ denominator on the dashboard, and recent demo events', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await login(page, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/dashboards`);
    const tile = page.getByTestId('tile-cpo');
    await expect.poll(async () => (await tile.textContent()) ?? '', { timeout: 20_000 }).toMatch(/\d[\d,]* ÷ [\d,]+/);
    await page.screenshot({ path: '/tmp/e2e-cpo-tile.png', fullPage: true });
    await page.goto(`${stack.baseUrl}/events`);
    await expect.poll(async () => page.getByText(/订单完成|来电/).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/e2e-events.png', fullPage: true });
    await page.close();
  });

  it('writes a formula metric with live validation and a preview value', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await login(page, 'analyst@savor.example');
    await page.goto(`${stack.baseUrl}/metric-definitions`);
    await expect
      .poll(async () => page.getByText('cpo', { exact: true }).count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await page.getByTestId('new-metric').click();
    await page.getByTestId('formula-input').fill("count('call.inbound') / ");
    await expect.poll(async () => page.getByTestId('formula-error').count(), { timeout: 10_000 }).toBe(1);
    await page
      .getByTestId('formula-input')
      .fill(
        "count('call.inbound' where reason = 'packaging') / count('order.completed' where channel = 'delivery') * 100",
      );
    await expect
      .poll(async () => (await page.getByTestId('formula-preview').textContent()) ?? '', { timeout: 20_000 })
      .toMatch(/\d+\.\d{4}/);
    await page.getByLabel(/^键$|^Key$/).fill('packaging_cpo');
    await page.getByLabel(/^名称$|^Name$/).fill('包装来电率');
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect
      .poll(async () => page.getByText('packaging_cpo', { exact: true }).count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/e2e-metric-defs.png', fullPage: true });
    await page.close();
  });
});
