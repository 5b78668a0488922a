import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../apps/server/src/platform/db.ts';
import { dropdown, login, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

const DEMO = '金卡会员季度 NPS Quarterly NPS for gold members';

const rowsOf = async <T>(q: ReturnType<typeof sql>) =>
  ((await stack.ctx.db.execute(q)) as unknown as { rows: T[] }).rows;

describe('Distribution → Programmes in a real browser', () => {
  it('desktop: the demo programme’s past wave, a preview, a new monthly programme and a wave run now', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 860 } });
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/programmes`);
    await expect.poll(async () => page.getByText(DEMO).count()).toBe(1);
    // The navigation lists it under Distribution.
    await expect.poll(async () => page.getByText('分发').count()).toBeGreaterThan(0);
    const demoRow = page.locator('tr', { hasText: DEMO });
    expect(await demoRow.getByText('每 1 个季度').count()).toBe(1);
    expect(await demoRow.getByTestId('next-run').count()).toBe(1);

    // Its first wave: counts sent / suppressed (with the reasons) / completed.
    await demoRow.getByTestId('open-waves').click();
    const drawer = page.locator('.ant-drawer-open');
    await expect.poll(async () => drawer.locator('tbody tr.ant-table-row').count()).toBe(1);
    const [wave] = await rowsOf<{ sent: number; suppressed: number; completed: number }>(
      sql`SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE status = 'suppressed')::int AS suppressed,
                 count(*) FILTER (WHERE responded_at IS NOT NULL)::int AS completed
          FROM invitations WHERE wave_id IS NOT NULL`,
    );
    expect(wave.sent).toBeGreaterThan(0);
    const cells = await drawer.locator('tbody tr.ant-table-row td').allInnerTexts();
    expect(cells[1]).toContain('定时');
    expect(cells[4]).toBe(String(wave.sent));
    expect(cells[5]).toContain(String(wave.suppressed));
    expect(cells[5]).toContain('频率上限');
    expect(cells[7]).toBe(String(wave.completed));
    await page.screenshot({ path: '/tmp/e2e-programme-waves.png' });
    await drawer.locator('.ant-drawer-close').click();

    // The preview: who a wave now would invite (inside the cooldown: every sampled member of the last wave suppressed).
    await demoRow.getByTestId('open-preview').click();
    await expect.poll(async () => page.getByTestId('preview-summary').count()).toBe(1);
    expect(await page.getByTestId('preview-summary').innerText()).toMatch(/分群当前 \d+ 人/);
    expect(await page.locator('.ant-drawer-open').getByText('冷却期内').count()).toBeGreaterThan(0);
    await page.locator('.ant-drawer-open .ant-drawer-close').click();

    // A new monthly programme through the form.
    await page.getByRole('button', { name: /新建计划/ }).click();
    const dialog = page.getByRole('dialog', { name: '新建计划' });
    await dialog.getByLabel('名称').fill('高价值客户月度回访');
    await dialog.getByTestId('programme-segment').click();
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: '金卡常客' }).click();
    await dialog.getByTestId('programme-survey').click();
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: '季度关系型 NPS' }).click();
    await dialog.getByTestId('programme-channel').click();
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: '短信/公众号网关' }).click();
    await dialog.getByTestId('programme-unit').click();
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: '个月' }).click();
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(async () => page.getByText('高价值客户月度回访').count()).toBe(1);
    const [saved] = await rowsOf<{ unit: string; every: number; next_run_at: Date | null }>(
      sql`SELECT unit, every, next_run_at FROM reach_programmes WHERE name = '高价值客户月度回访'`,
    );
    expect(saved).toMatchObject({ unit: 'month', every: 1 });
    expect(saved.next_run_at).not.toBeNull();

    // Run a wave now: the worker walks the segment and the wave shows up with its counts.
    const mine = page.locator('tr', { hasText: '高价值客户月度回访' });
    await mine.getByTestId('run-now').click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    const waves = page.locator('.ant-drawer-open');
    await expect.poll(async () => waves.locator('tbody tr.ant-table-row').count(), { timeout: 30_000 }).toBe(1);
    expect(await waves.locator('tbody tr.ant-table-row td').nth(1).innerText()).toContain('手动');
    await expect
      .poll(async () => Number(await waves.locator('tbody tr.ant-table-row td').nth(2).innerText()), {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);
    await page.close();
  });

  it('phone (390 px): programme cards and the wave history as cards, nothing wider than the screen', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/programmes`);
    await expect.poll(async () => page.getByTestId('programme-card').count()).toBeGreaterThan(0);
    await page.getByTestId('programme-card').filter({ hasText: DEMO }).getByTestId('open-waves').click();
    await expect.poll(async () => page.getByTestId('wave-card').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('wave-card').first().getByText('已完成').count()).toBe(1);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '/tmp/e2e-programme-phone.png' });
    await page.close();
  });
});
