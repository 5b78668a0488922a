import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, sql } from '../apps/server/src/platform/db.ts';
import { dropdown, login, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

describe('Settings → SDK → Intercepts in a real browser (zh-CN)', () => {
  it('desktop: the demo intercept shows its week; a new intercept is created, listed and switched off', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/settings/sdk`);
    await page.getByRole('tab', { name: '拦截问卷' }).click();
    const demo = page.locator('tr', { hasText: '支付失败 3 次' });
    await demo.waitFor();
    expect(await demo.textContent()).toContain('支付体验回访');
    expect(await demo.textContent()).toContain('弹窗');
    expect(await demo.getByTestId('intercept-conditions').textContent()).toContain('≥ 3');
    expect(await demo.getByTestId('intercept-stats').textContent()).toMatch(/20 \/ 8/);

    await page.getByRole('button', { name: '新建拦截规则' }).click();
    const drawer = page;
    await drawer.getByTestId('intercept-name').fill('结算页超时侧滑');
    await drawer.getByTestId('intercept-survey').click();
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: '支付体验回访' }).click();
    await drawer.getByTestId('intercept-display').click();
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: '侧滑' }).click();
    await drawer.getByRole('button', { name: '添加地址条件' }).click();
    await drawer.getByPlaceholder('地址或片段').fill('/checkout');
    await drawer.getByRole('button', { name: '添加属性条件' }).click();
    await drawer.getByPlaceholder('属性').fill('reason');
    await drawer.getByPlaceholder('值').fill('timeout');
    await drawer.getByTestId('intercept-min-count').fill('2');
    await page.screenshot({ path: '/tmp/e2e-intercept-drawer.png' });
    await drawer.getByTestId('intercept-save').click();

    const row = page.locator('tr', { hasText: '结算页超时侧滑' });
    await row.waitFor();
    expect(await row.textContent()).toContain('侧滑');
    const conditions = (await row.getByTestId('intercept-conditions').textContent()) ?? '';
    expect(conditions).toContain('≥ 2');
    expect(conditions).toContain('reason');
    expect(conditions).toContain('/checkout');
    const saved = await one<{ enabled: boolean; conditions: Record<string, unknown>; display: string }>(
      stack.ctx.db,
      sql`SELECT enabled, conditions, display FROM sdk_intercepts WHERE name = '结算页超时侧滑'`,
    );
    expect(saved).toMatchObject({
      enabled: true,
      display: 'slide_in',
      conditions: {
        urls: [{ op: 'contains', value: '/checkout' }],
        event: { type: 'payment.failed', minCount: 2, where: [{ property: 'reason', op: 'eq', value: 'timeout' }] },
      },
    });

    await row.getByTestId('intercept-enabled').click();
    await expect
      .poll(
        async () =>
          (
            await one<{ enabled: boolean }>(
              stack.ctx.db,
              sql`SELECT enabled FROM sdk_intercepts WHERE name = '结算页超时侧滑'`,
            )
          )?.enabled,
      )
      .toBe(false);
    await expect.poll(() => row.getByTestId('intercept-enabled').getAttribute('aria-checked')).toBe('false');
    await page.screenshot({ path: '/tmp/e2e-intercepts.png' });
    await page.close();
  });

  it('phone (390 px): intercepts as cards, nothing wider than the screen', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/settings/sdk?tab=intercepts`);
    const card = page.getByTestId('intercept-card').filter({ hasText: '支付失败 3 次' });
    await card.waitFor();
    expect(await card.textContent()).toContain('支付体验回访');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await card.getByRole('button', { name: /编\s*辑/ }).click();
    await page.getByTestId('intercept-name').waitFor();
    expect(await page.getByTestId('intercept-name').inputValue()).toBe('支付失败 3 次');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '/tmp/e2e-intercepts-phone.png' });
    await page.close();
  });

  it("the survey an intercept shows is framed by the key's site at 360 px, answered, and tells the site", async () => {
    const key = await one<{ key: string }>(stack.ctx.db, sql`SELECT key FROM sdk_keys WHERE name = '官网 Web'`);
    const intercept = await one<{ id: string }>(
      stack.ctx.db,
      sql`SELECT id FROM sdk_intercepts WHERE name = '支付失败 3 次'`,
    );
    // The key's site: a page on another origin that the key allows, framing the link as the SDK does.
    let src = '';
    const site = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><meta name="viewport" content="width=device-width"><body style="margin:0">
<iframe id="f" src="${src}" style="border:0;width:360px;height:640px"></iframe>
<script>window.got=[];addEventListener('message',e=>{if(e.data&&e.data.source==='loopcx')window.got.push(e.data)})</script></body>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    await stack.ctx.db.execute(
      sql`UPDATE sdk_keys SET allowed_origins = allowed_origins || ARRAY[${origin}]::text[] WHERE name = '官网 Web'`,
    );
    const res = await fetch(`${stack.baseUrl}/sdk/v1/intercepts/${intercept!.id}/show?key=${key!.key}`, {
      method: 'POST',
      headers: { origin, 'content-type': 'text/plain' },
      body: JSON.stringify({ anonymousId: randomUUID(), customer: { externalId: 'M-E2E-INTERCEPT' } }),
    });
    expect(res.status).toBe(200);
    const shown = (await res.json()) as { show: boolean; url: string; invitationId: string };
    expect(shown.show).toBe(true);
    src = `${stack.baseUrl}${new URL(shown.url).pathname}${new URL(shown.url).search}`;
    const page = await stack.browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true });
    await page.goto(`${origin}/host.html`);
    const frame = page.frameLocator('#f');
    await frame.locator('[data-q="csat"]').waitFor();
    expect(await frame.locator('.embed-close').count()).toBe(1);
    expect(await frame.locator('html').evaluate((h) => h.classList.contains('embed'))).toBe(true);
    await frame.locator('[data-q="csat"]').getByText('2', { exact: true }).click();
    await frame.getByRole('button', { name: /提\s*交/ }).click();
    await frame.locator('.card.done').waitFor();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { got: unknown[] }).got))
      .toContainEqual({ source: 'loopcx', type: 'survey.completed', invitationId: shown.invitationId });
    await frame.locator('.embed-close').click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { got: unknown[] }).got))
      .toContainEqual({ source: 'loopcx', type: 'survey.close' });
    const answered = await one<{ customer_ref: string }>(
      stack.ctx.db,
      sql`SELECT customer_ref FROM responses WHERE invitation_id = ${shown.invitationId}`,
    );
    expect(answered?.customer_ref).toBe('M-E2E-INTERCEPT');
    await page.screenshot({ path: '/tmp/e2e-intercept-frame.png' });
    await page.close();
    site.close();
  });
});
