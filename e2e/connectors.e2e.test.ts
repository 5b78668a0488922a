import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

describe('feedback connectors page in a real browser', () => {
  it('desktop: lists the demo connectors with history, creates an inbound webhook with a mapping and shows its secret once', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/connectors`);
    await expect
      .poll(async () => page.getByText('微博舆情监测（鹰眼）').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await expect.poll(async () => page.getByText('App Store 评论（味道点餐 iOS）').count()).toBeGreaterThan(0);
    // The history of the 舆情 webhook: pushed messages, including the one the mapping could not read.
    const row = page.locator('tr', { hasText: '微博舆情监测（鹰眼）' });
    await row.getByRole('button', { name: /运行记录|History/ }).click();
    await expect.poll(async () => page.getByTestId('run-row').count(), { timeout: 10_000 }).toBeGreaterThan(5);
    await expect.poll(async () => page.getByText('#0: no text at data.content').count()).toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/e2e-connector-history.png' });
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: /新建接入|New connector/ }).click();
    await page.getByLabel(/^名称$|^Name$/).fill('呼叫中心转写');
    await page.getByLabel(/^渠道$|^Channel$/).fill('400热线');
    await page
      .getByLabel(/^路径$|^Path$/)
      .first()
      .fill('call.transcript');
    await page.getByTestId('add-mapping').click();
    await page
      .getByLabel(/^字段$|^Field$/)
      .nth(1)
      .click();
    await page.getByTitle(/来源编号|Source id/).click();
    await page
      .getByLabel(/^路径$|^Path$/)
      .nth(1)
      .fill('call.id');
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    const secret = page.getByTestId('connector-secret');
    await expect.poll(async () => (await secret.textContent()) ?? '', { timeout: 10_000 }).toMatch(/^whsec_/);
    await expect.poll(async () => page.getByText(/\/api\/v1\/inbound\//).count()).toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/e2e-connector-secret.png' });
    // The secret's own dialog (the create dialog may still be closing behind it, its button spinning).
    await page
      .getByRole('dialog')
      .filter({ has: secret })
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await expect.poll(async () => page.getByText('呼叫中心转写').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // The secret is not shown again.
    await expect.poll(async () => page.getByTestId('connector-secret').count()).toBe(0);
    await page.close();
  });

  it('phone (390 px): connectors as cards, with history and the create form usable', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/connectors`);
    await expect.poll(async () => page.getByTestId('connector-card').count(), { timeout: 20_000 }).toBeGreaterThan(1);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    const card = page.getByTestId('connector-card').filter({ hasText: 'App Store 评论（味道点餐 iOS）' });
    // The demo poller is switched off (a demo makes no outbound calls): "poll now" waits for it to be enabled.
    await expect(card.getByRole('button', { name: /立即拉取|Poll now/ }).isDisabled()).resolves.toBe(true);
    await card.getByRole('button', { name: /运行记录|History/ }).click();
    await expect.poll(async () => page.getByTestId('run-row').count(), { timeout: 10_000 }).toBeGreaterThan(5);
    await expect.poll(async () => page.getByText('HTTP 503 from https://itunes.apple.com').count()).toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/e2e-connectors-phone.png', fullPage: true });
    await page.close();
  });
});
