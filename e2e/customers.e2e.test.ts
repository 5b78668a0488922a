import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login as loginAt, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());
const login = (page: import('playwright-core').Page, email: string) => loginAt(page, stack.baseUrl, email);

describe('customers in a real browser', () => {
  it('finds the demo customer by phone and shows their responses, orders, calls and tickets on the timeline', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await login(page, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/customers`);
    // The phone is typed the way a person would; the server hashes it to find the profile.
    const search = page.locator('input[data-testid="customer-search"], [data-testid="customer-search"] input').first();
    await search.fill('138 0013 8000');
    await search.press('Enter');
    await expect.poll(async () => page.getByTestId('customer-row').count(), { timeout: 20_000 }).toBe(1);
    await page.getByTestId('customer-row').first().click();
    await expect
      .poll(async () => (await page.getByTestId('customer-name').textContent()) ?? '', { timeout: 20_000 })
      .toContain('王芳');
    // The number searched for is among her phones (a call-back number from a survey may have added another).
    expect(await page.getByTestId('identity-phone').allTextContents()).toContain('138****8000');
    for (const kind of ['response', 'event', 'ticket']) {
      await expect
        .poll(async () => page.getByTestId(`timeline-${kind}`).count(), { timeout: 20_000 })
        .toBeGreaterThan(0);
    }
    await expect.poll(async () => page.getByText(/来电|Call/).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(async () => page.getByText(/订单|Order/).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/e2e-customer.png', fullPage: true });
    await page.close();
  });

  it('shows the demo segments with a live count in the filter builder', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await login(page, 'analyst@savor.example');
    await page.goto(`${stack.baseUrl}/customer-segments`);
    await expect.poll(async () => page.getByText(/金卡常客/).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect
      .poll(async () => (await page.getByTestId('segment-preview').textContent()) ?? '', { timeout: 20_000 })
      .toMatch(/\d+ (\/|of) \d+/);
    await page.screenshot({ path: '/tmp/e2e-segments.png', fullPage: true });
    await page.close();
  });
});
