import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, dropdown, startStack } from './support.ts';

// The operator's export root (a mounted share in production); set before the server reads its configuration.
const exportRoot = mkdtempSync(join(tmpdir(), 'loopcx-e2e-exports-'));
process.env.LOOPCX_EXPORT_DIR = exportRoot;

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

describe('Connect → scheduled exports in a real browser', () => {
  it('desktop (zh-CN): the demo feed and its history, a new folder export run now, its file and manifest', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 860 } });
    await login(page, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/exports`);
    await expect.poll(async () => page.getByText('集团数据平台 · 答卷日更 Data platform daily').count()).toBe(1);
    await page.getByRole('button', { name: '运行记录' }).first().click();
    const drawer = page.locator('.ant-drawer');
    await expect.poll(async () => drawer.locator('tbody tr').count()).toBe(14);
    await expect.poll(async () => drawer.getByText('成功').count()).toBe(14);
    await page.screenshot({ path: '/tmp/e2e-exports-history.png', fullPage: true });
    await drawer.getByRole('button', { name: /Close|关闭/ }).click();

    await page.getByRole('button', { name: '新建定时导出' }).click();
    const dialog = page.getByRole('dialog', { name: '新建定时导出' });
    await dialog.getByLabel('名称').fill('外部反馈 NDJSON');
    await dialog.getByLabel('数据集').click();
    await (await dropdown(page))
      .locator('.ant-select-item-option', { hasText: '反馈' })
      .filter({ hasNotText: '答卷' })
      .click();
    await dialog.getByText('NDJSON', { exact: true }).click();
    await dialog.getByLabel('目录（LOOPCX_EXPORT_DIR 之下）').fill('e2e/daily');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(async () => dialog.isVisible(), { timeout: 30_000 }).toBe(false);
    await page.screenshot({ path: '/tmp/e2e-exports-created.png', fullPage: true });
    const row = page.locator('tr', { hasText: '外部反馈 NDJSON' });
    await expect.poll(async () => row.count()).toBe(1);
    await row.getByRole('button', { name: '立即运行' }).click();
    await expect.poll(async () => row.getByText('成功').count(), { timeout: 60_000 }).toBe(1);
    const folder = join(exportRoot, 'e2e/daily');
    const files = readdirSync(folder).filter((f) => f.endsWith('.ndjson'));
    expect(files).toHaveLength(1);
    const manifest = JSON.parse(readFileSync(join(folder, `${files[0]}.manifest.json`), 'utf8'));
    expect(manifest.rows).toBeGreaterThan(0);
    expect(manifest.dataset).toBe('feedback');
    expect(await row.innerText()).toContain(manifest.rows.toLocaleString('zh-CN'));
    expect(existsSync(join(folder, `.${files[0]}.partial`))).toBe(false);
    await page.screenshot({ path: '/tmp/e2e-exports-desktop.png', fullPage: true });
    await page.close();
  }, 300_000);

  it('phone (390 px, English): schedules as cards, run history as cards', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await page.addInitScript(() => localStorage.setItem('loopcx.locale', 'en'));
    await login(page, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/exports`);
    await expect.poll(async () => page.getByTestId('export-card').count()).toBeGreaterThan(0);
    await expect.poll(async () => page.getByText('Scheduled exports (data platform)').count()).toBe(1);
    const card = page.getByTestId('export-card').filter({ hasText: 'Data platform daily' });
    await card.getByRole('button', { name: 'Run history' }).click();
    await expect.poll(async () => page.getByTestId('export-run-card').count()).toBe(14);
    await expect.poll(async () => page.getByText('Succeeded').count()).toBeGreaterThan(0);
    // Nothing is wider than the phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '/tmp/e2e-exports-phone.png', fullPage: true });
    await page.close();
  });
});
