import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, rows, sql } from '../apps/server/src/platform/db.ts';
import { dropdown, login, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

describe('API keys with scopes in a real browser (zh-CN)', () => {
  it('desktop: a read-only key for one domain and one region is shown once; with it a read works, a write and another domain answer 403', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/api-keys`);
    await page.getByRole('button', { name: '新建密钥' }).click();
    const dialog = page.getByRole('dialog', { name: '新建密钥' });
    await dialog.getByLabel('名称').fill('华东数据平台（只读）');
    await dialog.getByLabel('权限范围').click();
    await page.keyboard.type('华东大区');
    await (await dropdown(page)).locator('.ant-select-tree-node-content-wrapper', { hasText: '华东大区' }).click();
    // The unit is chosen; a click on the dialog's title closes the tree if it is still open (on a loaded machine
    // it stayed open over the next field and took its click).
    await dialog.locator('.ant-modal-title').click();
    await expect
      .poll(() => dialog.locator('.ant-select-content, .ant-select-selection-item').allInnerTexts())
      .toContainEqual(expect.stringContaining('华东大区'));
    await dialog.getByLabel('接口权限').click();
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: '指定业务域…' }).click();
    await dialog.getByTestId('scope-picker').click();
    await page.keyboard.type('答卷');
    await (await dropdown(page)).locator('.ant-select-item-option').getByText('答卷 · 只读', { exact: true }).click();
    await page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();

    const shown = page.getByTestId('new-api-key');
    await shown.waitFor();
    const key = ((await shown.textContent()) ?? '').trim();
    expect(key.length).toBeGreaterThan(20);
    await page.screenshot({ path: '/tmp/e2e-api-key-created.png' });
    await page
      .getByRole('dialog', { name: '密钥已创建' })
      .getByRole('button', { name: /确\s*定/ })
      .click();
    // Listed with its scope and unit; the secret itself is not on the page any more.
    const row = page.locator('tr', { hasText: '华东数据平台（只读）' });
    await row.waitFor();
    expect(await row.textContent()).toContain('答卷 · 只读');
    expect(await row.textContent()).toContain('华东大区 (EAST)');
    await expect.poll(async () => page.getByTestId('new-api-key').count()).toBe(0);
    expect(await page.content()).not.toContain(key);
    const saved = await one<{ scopes: string[] }>(
      stack.ctx.db,
      sql`SELECT scopes FROM api_keys WHERE name = '华东数据平台（只读）'`,
    );
    expect(saved?.scopes).toEqual(['responses:read']);
    await page.close();

    // The key from another system: reads its domain within its region only.
    const auth = { authorization: `Bearer ${key}` };
    const read = await fetch(`${stack.baseUrl}/api/v1/responses`, { headers: auth });
    expect(read.status).toBe(200);
    const items = (await read.json()).items as Array<{ orgUnit: { id: string } }>;
    expect(items.length).toBeGreaterThan(0);
    const east = new Set(
      (
        await rows<{ id: string }>(
          stack.ctx.db,
          sql`SELECT u.id FROM org_units u JOIN org_units r ON r.tenant_id = u.tenant_id AND r.code = 'EAST'
              WHERE u.path LIKE r.path || '%'`,
        )
      ).map((u) => u.id),
    );
    expect(items.every((r) => east.has(r.orgUnit.id))).toBe(true);

    const survey = await one<{ id: string }>(
      stack.ctx.db,
      sql`SELECT id FROM surveys WHERE name LIKE '品牌 NPS%' AND status = 'live' LIMIT 1`,
    );
    // A write in its own domain and a read in another are refused, as problem+json.
    const write = await fetch(`${stack.baseUrl}/api/v1/responses/batch`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        responses: [
          { surveyId: survey!.id, answers: { nps: 9 }, orgUnitCode: 'SH-01', idempotencyKey: 'e2e-key-write' },
        ],
      }),
    });
    expect(write.status).toBe(403);
    expect(write.headers.get('content-type')).toContain('application/problem+json');
    const other = await fetch(`${stack.baseUrl}/api/v1/tickets`, { headers: auth });
    expect(other.status).toBe(403);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
  });

  it('phone (390 px): keys as cards with their scopes and unit, nothing wider than the screen', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/api-keys`);
    const card = page.getByTestId('api-key-card').filter({ hasText: '华东数据平台（只读）' });
    await card.waitFor();
    expect(await card.textContent()).toContain('答卷 · 只读');
    expect(await card.textContent()).toContain('华东大区 (EAST)');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '/tmp/e2e-api-keys-phone.png' });
    await page.close();
  });
});
