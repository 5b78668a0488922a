import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../apps/server/src/platform/db.ts';
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

describe('console in a real browser', () => {
  it('logs in as the owner and creates an org unit under a city', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 860 } });
    await login(page, 'owner@savor.example');
    await page.getByText('组织架构').first().click();
    await page.getByTestId('unit-SH').click();
    await page.getByTestId('add-child').click();
    await page.getByTestId('unit-code').fill('SH-05');
    await page.getByTestId('unit-name').fill('上海新天地店');
    await page.getByRole('button', { name: /保\s*存|Save/ }).click();
    await expect.poll(async () => page.getByTestId('unit-SH-05').count(), { timeout: 10_000 }).toBe(1);
    await page.screenshot({ path: '/tmp/e2e-org.png', fullPage: true });
    const res = (await stack.ctx.db.execute(
      sql`SELECT o.name, p.code AS parent FROM org_units o JOIN org_units p ON p.tenant_id = o.tenant_id AND p.id = o.parent_id WHERE o.code = 'SH-05'`,
    )) as unknown as { rows: Array<{ name: string; parent: string }> };
    expect(res.rows).toEqual([{ name: '上海新天地店', parent: 'SH' }]);
    await page.close();
  });

  it('imports org units from pasted CSV: dry run reports and writes nothing, import writes and lists the bad row', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 860 } });
    await login(page, 'owner@savor.example');
    await page.getByText('组织架构').first().click();
    await page.getByRole('button', { name: /导入 CSV/ }).click();
    await page
      .getByTestId('import-csv')
      .fill('code,name,kind,parent_code\nSH-IMP,上海导入店,store,SH\nBAD-IMP,无上级店,store,NOPE-404\n');
    await page.getByRole('button', { name: /预\s*检/ }).click();
    await expect.poll(async () => page.getByText('预检结果').count()).toBe(1);
    expect(await page.getByTestId('unit-SH-IMP').count()).toBe(0);
    await expect.poll(async () => page.getByText('parent_code', { exact: true }).count()).toBeGreaterThan(0);
    // Both buttons show a spinner until the dry run settles (a loading button ignores clicks): wait for it.
    await expect.poll(async () => page.getByRole('dialog').locator('.ant-btn-loading').count()).toBe(0);
    await page.getByTestId('import-apply').click();
    await expect.poll(async () => page.getByText('导入结果').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(async () => page.getByTestId('unit-SH-IMP').count()).toBe(1);
    await page.close();
  });

  it('creates a webhook endpoint: the signing secret is shown once, then the list (desktop and phone) never shows it', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 860 } });
    await login(page, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/webhooks`);
    await page.getByRole('button', { name: /新建端点/ }).click();
    await page.getByLabel('接收地址').fill('https://data.savor.example/loopcx/hooks');
    await page.getByLabel('说明').fill('集团数据平台');
    await page
      .getByRole('dialog', { name: '新建端点' })
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    const secret = page.getByTestId('webhook-secret');
    await expect
      .poll(async () => (await secret.count()) && (await secret.innerText()))
      .toMatch(/^whsec_[A-Za-z0-9+/]{43}=/);
    const shown = (await secret.innerText()).trim();
    await page
      .getByRole('dialog', { name: '签名密钥' })
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await expect.poll(async () => page.getByText('https://data.savor.example/loopcx/hooks').count()).toBe(1);
    expect(shown).toMatch(/^whsec_/);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect.poll(async () => page.getByTestId('webhook-card').count()).toBeGreaterThan(0);
    expect(await page.content()).not.toContain('whsec_');
    await page.close();
  });

  it('shows a store manager only their store, and the nav drawer works at phone width', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await login(page, 'sh01.manager@savor.example');
    await page.getByTestId('nav-toggle').click();
    await page.getByText('组织架构').first().click();
    await expect.poll(async () => page.getByTestId('unit-SH-01').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('unit-SH-02').count()).toBe(0);
    expect(await page.getByTestId('unit-HQ').count()).toBe(0);
    await page.screenshot({ path: '/tmp/e2e-mobile.png', fullPage: true });
    await page.close();
  });

  it('switches the console to English', async () => {
    const page = await stack.browser.newPage();
    await login(page, 'analyst@savor.example');
    await page.getByTestId('lang-toggle').click();
    await expect.poll(async () => page.locator('.ant-menu-title-content', { hasText: /^Dashboard$/ }).count()).toBe(1);
    expect(await page.getByText('体验看板').count()).toBe(0);
    await page.close();
  });
});
