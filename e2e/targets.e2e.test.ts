import { dayIn, type TLeaderboardResponse, type TTargetListResponse } from '@loopcx/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, login as loginAt, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());
const login = (page: Page, email: string) => loginAt(page, stack.baseUrl, email);

const STATUS_ZH = { met: '已达成', at_risk: '有风险', uncertain: '待观察', no_data: '数据不足' } as const;

/** The page is no wider than the phone: nothing scrolls sideways. */
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

describe('targets and the leaderboard in a real browser', () => {
  it('the demo has NPS targets this month that are met and others at risk', async () => {
    const owner = await apiSession(stack.baseUrl, 'owner@savor.example');
    const { timezone } = (await owner.json('tenant')) as { timezone: string };
    const month = dayIn(timezone, Date.now()).slice(0, 7);
    const grid = (await owner.json(`targets?metric=nps&period=${month}`)) as TTargetListResponse;
    const statuses = new Set(grid.items.map((i) => i.status));
    expect(statuses.has('met') && statuses.has('at_risk'), JSON.stringify([...statuses])).toBe(true);
    expect(grid.items.filter((i) => !i.inherited).length).toBeGreaterThanOrEqual(4);
  });

  it('a regional manager overrides a store’s target; the grid, the leaderboard and the tile show it with its status', async () => {
    const east = await apiSession(stack.baseUrl, 'east.manager@savor.example');
    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await login(page, 'east.manager@savor.example');
    const gridAnswer = page.waitForResponse((r) => /\/api\/v1\/targets\?/.test(r.url()) && r.ok());
    await page.goto(`${stack.baseUrl}/targets?metric=nps`);
    const grid = (await (await gridAnswer).json()) as TTargetListResponse;
    // The demo sets NPS at HQ for the month: every unit of the East region has a target, inherited or its own.
    expect(grid.items.length).toBeGreaterThan(4);
    expect(grid.items.every((i) => i.target !== null)).toBe(true);
    // The East store with the most answers this month and no target of its own gets one 10 points above its
    // interval's upper bound (the demo's own store overrides are left alone: removing ours must restore inheritance).
    const store = grid.items
      .filter((i) => i.kind === 'store' && i.ci !== null && i.override === null)
      .sort((a, b) => b.n - a.n)[0];
    expect(store, 'an East store with a CI this month').toBeDefined();
    const value = Math.min(100, Math.ceil(store.ci![1]) + 10);
    const row = page.locator(`tr[data-row-key="${store.orgUnitId}"]`);
    await row.getByRole('spinbutton').fill(String(value));
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/targets') && r.request().method() === 'PUT');
    await row.getByRole('button', { name: /保\s*存/ }).click();
    expect((await saved).status()).toBe(200);
    await expect.poll(async () => (await row.textContent()) ?? '').toContain(STATUS_ZH.at_risk);
    await expect.poll(async () => row.getByRole('button', { name: '恢复继承' }).count()).toBe(1);
    // The API agrees.
    const after = (await east.json(
      `targets?metric=nps&period=${grid.period}&orgUnitId=${store.orgUnitId}&levels=0`,
    )) as TTargetListResponse;
    expect(after.items, JSON.stringify(after)).toHaveLength(1);
    expect(after.items[0]).toMatchObject({ target: value, inherited: false, override: value, status: 'at_risk' });
    await page.screenshot({ path: '/tmp/e2e-targets-grid.png', fullPage: true });

    // The leaderboard ranks the store among the region's stores, with its target and status.
    const lbAnswer = page.waitForResponse((r) => /\/api\/v1\/leaderboard\?/.test(r.url()) && r.ok());
    await page.goto(`${stack.baseUrl}/leaderboard?metric=nps&orgUnitId=${store.orgUnitId}`);
    const lb = (await (await lbAnswer).json()) as TLeaderboardResponse;
    expect(lb.peerKind).toBe('store');
    expect(lb.items.length).toBeGreaterThan(1);
    const mine = lb.items.find((i) => i.self)!;
    expect(mine).toMatchObject({ orgUnitId: store.orgUnitId, target: value, targetStatus: 'at_risk' });
    const lbRow = page.getByTestId(`lb-${store.orgUnitId}`);
    await expect.poll(async () => (await lbRow.textContent()) ?? '').toContain(STATUS_ZH.at_risk);
    expect(await lbRow.textContent()).toContain(String(value));
    // The page names the test behind "significantly above/below peers".
    expect(lb.test).toContain('z test');
    expect(await page.locator('body').textContent()).toContain('双样本 z 检验');
    await page.screenshot({ path: '/tmp/e2e-leaderboard.png', fullPage: true });

    // The store's dashboard tile carries the month target and its status.
    await page.goto(`${stack.baseUrl}/dashboards?orgUnitId=${store.orgUnitId}`);
    const tile = page.getByTestId('tile-target-nps');
    await expect
      .poll(async () => (await tile.textContent().catch(() => '')) ?? '', { timeout: 20_000 })
      .toContain(String(value));
    expect(await tile.textContent()).toContain(STATUS_ZH.at_risk);

    // "Inherit again" removes the override: the store falls back to the region's or HQ's target.
    await page.goto(`${stack.baseUrl}/targets?metric=nps`);
    const again = page.locator(`tr[data-row-key="${store.orgUnitId}"]`);
    const removed = page.waitForResponse(
      (r) => /\/api\/v1\/targets\?/.test(r.url()) && r.request().method() === 'DELETE',
    );
    await again.getByRole('button', { name: '恢复继承' }).click();
    expect((await removed).status()).toBe(204);
    const back = (await east.json(
      `targets?metric=nps&period=${grid.period}&orgUnitId=${store.orgUnitId}&levels=0`,
    )) as TTargetListResponse;
    expect(back.items, JSON.stringify(back)).toHaveLength(1);
    expect(back.items[0]).toMatchObject({ inherited: true, override: null, target: store.target });
    await page.close();
  });

  it('a store manager reads their store’s target and its rank among peers on a phone', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await login(page, 'sh01.manager@savor.example');
    await page.goto(`${stack.baseUrl}/targets?metric=nps`);
    const grid = page.getByTestId('targets-grid');
    await expect.poll(async () => grid.locator('tr[data-row-key]').count(), { timeout: 20_000 }).toBe(1);
    expect(await fitsWidth(page)).toBe(true);
    await page.screenshot({ path: '/tmp/e2e-targets-phone.png', fullPage: true });

    const lbAnswer = page.waitForResponse((r) => /\/api\/v1\/leaderboard\?/.test(r.url()) && r.ok());
    await page.goto(`${stack.baseUrl}/leaderboard?metric=nps`);
    const lb = (await (await lbAnswer).json()) as TLeaderboardResponse;
    const mine = lb.items.find((i) => i.self)!;
    const card = page.getByTestId(`lb-${mine.orgUnitId}`);
    await expect.poll(async () => (await card.textContent()) ?? '').toContain('本单位');
    if (mine.rank !== null) expect(await card.textContent()).toContain(`${mine.rank}.`);
    // Every peer is a card (the phone layout), and the page fits the screen.
    expect(await page.getByTestId('leaderboard').locator('[data-testid^="lb-"]').count()).toBe(lb.items.length);
    expect(await fitsWidth(page)).toBe(true);
    await page.screenshot({ path: '/tmp/e2e-leaderboard-phone.png', fullPage: true });
    await page.close();
  });

  it('the audit fatal error rate: picked by its name, SZ-03 at risk in the month of its latest mystery shop, shown as %', async () => {
    const owner = await apiSession(stack.baseUrl, 'owner@savor.example');
    const { timezone } = (await owner.json('tenant')) as { timezone: string };
    // The demo's latest SZ-03 mystery shop is nine days before seeding (and finds expired food).
    const month = dayIn(timezone, Date.now() - 9 * 86400_000).slice(0, 7);
    const grid = (await owner.json(`targets?metric=audit.fatal_error_rate&period=${month}`)) as TTargetListResponse;
    expect(grid.direction).toBe('lower');
    const sz03 = grid.items.find((i) => i.name.includes('罗湖') || i.nameEn?.includes('SZ-03'));
    const page = await stack.browser.newPage({ viewport: { width: 375, height: 812 } });
    await login(page, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/targets?metric=audit.fatal_error_rate&period=${month}&status=at_risk`);
    await expect.poll(() => page.getByTestId('targets-metric').innerText()).toContain('致命错误率');
    const atRisk = grid.items.filter((i) => i.status === 'at_risk');
    expect(atRisk.length, JSON.stringify(sz03)).toBeGreaterThan(0);
    await expect.poll(() => page.locator('tbody tr.ant-table-row').count()).toBe(atRisk.length);
    expect(await page.locator('tbody tr.ant-table-row').first().innerText()).toContain('%');
    expect(await page.locator('tbody tr.ant-table-row').first().innerText()).toContain(STATUS_ZH.at_risk);
    expect(await fitsWidth(page)).toBe(true);
    await page.close();
  });
});
