import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../apps/server/src/platform/db.ts';
import { dropdown, login, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

const DEMO = '华东大区月报 East region monthly';

const rowsOf = async <T>(q: ReturnType<typeof sql>) =>
  ((await stack.ctx.db.execute(q)) as unknown as { rows: T[] }).rows;

describe('Understand → Reports in a real browser', () => {
  it('desktop: the East manager’s schedule with its sent report, the printable report, a new weekly schedule', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 860 } });
    await login(page, stack.baseUrl, 'east.manager@savor.example');
    await page.goto(`${stack.baseUrl}/reports`);
    await expect.poll(async () => page.getByText(DEMO).count()).toBe(1);
    const row = page.locator('tr', { hasText: DEMO });
    expect(await row.getByText('已发送').count()).toBe(1);

    // The history: last month's report, sent to both recipients, its stored PDF downloadable.
    await row.getByTestId('open-history').click();
    const drawer = page.locator('.ant-drawer-open');
    await expect.poll(async () => drawer.getByTestId('report-run').count()).toBe(1);
    expect(await drawer.getByTestId('report-run').innerText()).toContain('已送达 2 / 2');
    const href = await drawer.getByRole('link', { name: /下载 PDF/ }).getAttribute('href');
    const pdf = await page.evaluate(async (url) => {
      const res = await fetch(url!);
      return {
        type: res.headers.get('content-type'),
        head: new TextDecoder().decode((await res.arrayBuffer()).slice(0, 5)),
      };
    }, href);
    expect(pdf).toEqual({ type: 'application/pdf', head: '%PDF-' });
    await drawer.locator('.ant-drawer-close').click();

    // Open the report of the East region (the manager's unit) for last month: the printable page.
    await page.getByTestId('open-report').click();
    await expect.poll(async () => page.getByTestId('report-page').count()).toBe(1);
    expect(await page.getByTestId('report-title').innerText()).toContain('华东大区');
    await expect.poll(async () => page.getByText('核心指标').count()).toBeGreaterThan(0);
    expect(await page.locator('tr', { hasText: 'NPS' }).first().count()).toBe(1);
    expect(await page.getByTestId('report-topic').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('report-title').innerText()).toMatch(/月报 20\d\d-\d\d/);
    // Printing shows the report alone.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.ant-layout-sider').isVisible()).toBe(false);
    expect(await page.getByTestId('report-pdf').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await page.screenshot({ path: '/tmp/e2e-report-desktop.png', fullPage: true });

    // A new weekly schedule mailed to an address.
    await page.goto(`${stack.baseUrl}/reports`);
    await page.getByRole('button', { name: /新建发送计划/ }).click();
    const dialog = page.getByRole('dialog', { name: '新建发送计划' });
    await dialog.getByLabel('名称').fill('华东周报');
    await dialog.getByLabel('频率').click();
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: /^周$/ }).click();
    await dialog.getByTestId('schedule-emails').fill('east-weekly@savor.example');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(async () => page.getByText('华东周报').count()).toBe(1);
    const [saved] = await rowsOf<{ every: string; recipient_emails: string[] }>(
      sql`SELECT every, recipient_emails FROM report_schedules WHERE name = '华东周报'`,
    );
    expect(saved).toEqual({ every: 'week', recipient_emails: ['east-weekly@savor.example'] });
    await page.close();
  });

  it('phone (390 px): schedule cards and the report, nothing wider than the screen', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await login(page, stack.baseUrl, 'east.manager@savor.example');
    await page.goto(`${stack.baseUrl}/reports`);
    await expect.poll(async () => page.getByTestId('schedule-card').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.getByTestId('open-report').click();
    await expect.poll(async () => page.getByTestId('report-page').count()).toBe(1);
    await expect.poll(async () => page.getByText('核心指标').count()).toBeGreaterThan(0);
    // Key metrics as rows of their own (no table to scroll sideways), NPS among them.
    expect(await page.getByTestId('report-metric').filter({ hasText: 'NPS' }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '/tmp/e2e-report-phone.png', fullPage: true });
    await page.close();
  });
});
