import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, sql } from '../apps/server/src/platform/db.ts';
import { dropdown, login, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

/** A visitor of the demo site files a complaint through the demo key's 吐槽 button, with a real 1×1 PNG. */
async function fileComplaint(text: string) {
  const key = (await one<{ key: string }>(stack.ctx.db, sql`SELECT key FROM sdk_keys WHERE name = '官网 Web'`))!.key;
  return fetch(`${stack.baseUrl}/sdk/v1/feedback?key=${key}`, {
    method: 'POST',
    headers: { origin: 'http://localhost:3000', 'content-type': 'text/plain' },
    body: JSON.stringify({
      anonymousId: randomUUID(),
      text,
      context: { url: 'http://localhost:3000/checkout', appVersion: 'web-9.9.9' },
      contact: { email: 'e2e@example.com' },
      screenshot: {
        type: 'image/png',
        data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      },
    }),
  });
}

describe('Settings → SDK in a real browser (zh-CN)', () => {
  it('desktop: the demo key is listed; a new key for an origin and types shows its snippet, takes events, and is revoked', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/settings/sdk`);
    const demo = page.locator('tr', { hasText: '官网 Web' });
    await demo.waitFor();
    expect(await demo.textContent()).toContain('http://localhost:3000');
    expect(await demo.textContent()).toContain('payment.failed');

    await page.getByRole('button', { name: '新建公开密钥' }).click();
    const dialog = page.getByRole('dialog', { name: '新建公开密钥' });
    await dialog.getByLabel('名称').fill('活动页 H5');
    await dialog.getByTestId('sdk-origins').click();
    await page.keyboard.type('https://h5.e2e.example');
    await page.keyboard.press('Enter');
    await dialog.getByTestId('sdk-types').click();
    await page.keyboard.type('payment');
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: 'payment.failed' }).click();
    await page.keyboard.press('Escape');
    await dialog.getByLabel('事件归属组织').click();
    await page.keyboard.type('华东大区');
    await (await dropdown(page)).locator('.ant-select-tree-node-content-wrapper', { hasText: '华东大区' }).click();
    await dialog.locator('.ant-modal-title').click();
    await expect
      .poll(() => dialog.locator('.ant-select-content, .ant-select-selection-item').allInnerTexts())
      .toContainEqual(expect.stringContaining('华东大区'));
    await dialog.getByRole('button', { name: /确\s*定/ }).click();

    const snippet = page.getByTestId('sdk-snippet');
    await snippet.waitFor();
    const text = (await snippet.textContent()) ?? '';
    expect(text).toMatch(/<script src="https?:\/\/[^"]+\/sdk\/v1\/loopcx\.js"><\/script>/);
    const key = /loopcx\.init\(\{ key: '(pk_[\w-]+)' \}\)/.exec(text)?.[1];
    expect(key).toBeDefined();
    await page.screenshot({ path: '/tmp/e2e-sdk-snippet.png' });
    await page.keyboard.press('Escape');
    const row = page.locator('tr', { hasText: '活动页 H5' });
    await row.waitFor();
    expect(await row.textContent()).toContain('https://h5.e2e.example');
    expect(await row.textContent()).toContain(key!);
    expect(await row.textContent()).toContain('华东大区 (EAST)');

    // The page's visitors can send with it from that origin only.
    const body = JSON.stringify({
      events: [
        {
          id: randomUUID(),
          type: 'payment.failed',
          occurredAt: new Date().toISOString(),
          properties: { orderId: 'E2E-1', amount: 66, reason: 'timeout' },
        },
      ],
    });
    const post = (origin: string) =>
      fetch(`${stack.baseUrl}/sdk/v1/events?key=${key}`, {
        method: 'POST',
        headers: { origin, 'content-type': 'text/plain' },
        body,
      });
    const sent = await post('https://h5.e2e.example');
    expect(sent.status).toBe(202);
    expect(sent.headers.get('access-control-allow-origin')).toBe('https://h5.e2e.example');
    expect((await post('https://evil.example')).status).toBe(403);

    await row.getByRole('button', { name: /吊\s*销/ }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('已吊销');
    const saved = await one<{ revoked: boolean }>(
      stack.ctx.db,
      sql`SELECT revoked_at IS NOT NULL AS revoked FROM sdk_keys WHERE name = '活动页 H5'`,
    );
    expect(saved?.revoked).toBe(true);
    await expect.poll(async () => (await post('https://h5.e2e.example')).status).toBe(401);
    await page.close();
  });

  it('desktop: the 吐槽 widget is switched off and on again in the key form, with its position and text, and takes complaints', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/settings/sdk`);
    const demo = page.locator('tr', { hasText: '官网 Web' });
    await demo.waitFor();
    // The demo key shows the button already.
    await demo.getByTestId('sdk-widget-on').waitFor();
    const widget = async () =>
      (
        await one<{ w: { position: string; label: Record<string, string>; screenshot: boolean } | null }>(
          stack.ctx.db,
          sql`SELECT feedback_widget AS w FROM sdk_keys WHERE name = '官网 Web'`,
        )
      )?.w;

    await demo.getByRole('button', { name: /编\s*辑/ }).click();
    let dialog = page.getByRole('dialog', { name: '编辑公开密钥' });
    const sw = dialog.getByTestId('sdk-widget-switch');
    await sw.waitFor();
    expect(await sw.getAttribute('aria-checked')).toBe('true');
    await sw.click();
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(widget).toBeNull();
    await expect.poll(() => demo.getByTestId('sdk-widget-on').count()).toBe(0);
    // The closing dialog must be gone before the next one opens: two would make every dialog locator ambiguous.
    await dialog.waitFor({ state: 'hidden' });

    await demo.getByRole('button', { name: /编\s*辑/ }).click();
    dialog = page.getByRole('dialog', { name: '编辑公开密钥' });
    await dialog.getByTestId('sdk-widget-switch').click();
    await dialog.getByTestId('sdk-widget-position').click();
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: '左下角' }).click();
    await dialog.getByTestId('sdk-widget-label-zh').fill('意见反馈');
    await page.screenshot({ path: '/tmp/e2e-sdk-widget-form.png' });
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(async () => (await widget())?.position).toBe('bottom_left');
    expect(await widget()).toMatchObject({ label: { 'zh-CN': '意见反馈', en: 'Feedback' }, screenshot: true });
    await demo.getByTestId('sdk-widget-on').waitFor();

    // A visitor of the site files a complaint with the key.
    const res = await fileComplaint('结算页打不开');
    expect(res.status).toBe(201);
    expect((await res.json()).replyToken).toMatch(/^fr_/);
    await page.close();
  });

  it('phone (390 px): keys as cards with their key, origins and types, nothing wider than the screen', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/settings/sdk`);
    const card = page.getByTestId('sdk-key-card').filter({ hasText: '官网 Web' });
    await card.waitFor();
    expect(await card.textContent()).toContain('pk_');
    expect(await card.textContent()).toContain('http://localhost:3000');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await card.getByRole('button', { name: '安装代码' }).click();
    await page.getByTestId('sdk-snippet').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '/tmp/e2e-sdk-phone.png' });
    await page.keyboard.press('Escape');
    // The key form with the 吐槽 settings fits the phone too.
    await card.getByRole('button', { name: /编\s*辑/ }).click();
    // The demo key has the button on (the desktop test switches it off and on again; this test does not rely on it).
    const sw = page.getByTestId('sdk-widget-switch');
    await sw.waitFor();
    if ((await sw.getAttribute('aria-checked')) !== 'true') await sw.click();
    await page.getByTestId('sdk-widget-position').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.close();
  });

  it('phone (390 px): in-app complaints on the feedback page with app version, contact left and the screenshot', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await login(page, stack.baseUrl, 'owner@savor.example');
    // Its own complaint, so that this test does not depend on the desktop one.
    expect((await fileComplaint('支付页一直转圈')).status).toBe(201);
    await page.goto(`${stack.baseUrl}/feedback`);
    await page.getByTestId('feedback-item').first().waitFor();
    await page.locator('.ant-select', { hasText: '全部来源' }).click();
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: '网页/App 吐槽' }).click();
    const mine = page.getByTestId('feedback-item').filter({ hasText: '支付页一直转圈' });
    await mine.waitFor();
    expect(await mine.textContent()).toContain('版本 web-9.9.9');
    expect(await mine.getByTestId('feedback-contact').textContent()).toBe('留有联系方式');
    const img = mine.locator('img');
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(1);
    // The demo's complaints are listed too, and nothing else.
    await expect.poll(() => page.getByTestId('feedback-item').count()).toBeGreaterThanOrEqual(11);
    const tags = await page.getByTestId('feedback-item').locator('.ant-tag').allInnerTexts();
    expect(tags.filter((x) => x === '网页/App 吐槽').length).toBe(await page.getByTestId('feedback-item').count());
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '/tmp/e2e-feedback-in-app-phone.png' });
    await page.close();
  });
});
