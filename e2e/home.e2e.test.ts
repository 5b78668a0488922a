import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../apps/server/src/platform/db.ts';
import { login, startStack } from './support.ts';

// Issue 19: the home page is what needs my attention. The East regional manager's home lists the region's overdue
// tickets and the significant drop at SH-01 (the demo's bad week), each card opening the page where it is handled
// with the filter applied; the SH-01 store manager's home is the frontline view and fits a 390 px phone.
let stack: Awaited<ReturnType<typeof startStack>>;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' };
const DESK = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN' };

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

const card = (page: Page, kind: string) => page.locator(`[data-testid=attention-card][data-kind="${kind}"]`);

/** Overdue open tickets in the subtree of the unit with `code`, as the database has them. */
async function overdueUnder(code: string) {
  const [r] = await rows<{ n: number }>(
    stack.ctx.db,
    sql`SELECT count(*)::int AS n FROM tickets t JOIN org_units o ON o.tenant_id = t.tenant_id AND o.id = t.org_unit_id
        JOIN org_units root ON root.tenant_id = o.tenant_id AND root.code = ${code} AND o.path LIKE root.path || '%'
        WHERE t.status NOT IN ('resolved','closed') AND t.resolution_due_at < now()`,
  );
  return r.n;
}

describe('home: what needs my attention', () => {
  it("the East manager's home lists the region's overdue tickets and SH-01's significant drop; the cards open filtered pages", async () => {
    const page = await stack.browser.newPage(DESK);
    await login(page, stack.baseUrl, 'east.manager@savor.example');
    await page.goto(`${stack.baseUrl}/`);
    await expect.poll(() => page.getByTestId('attention-card').count(), { timeout: 30_000 }).toBeGreaterThan(0);

    const overdue = await overdueUnder('EAST');
    expect(overdue).toBeGreaterThan(0);
    const overdueCard = card(page, 'tickets.overdue');
    expect(await overdueCard.getByTestId('attention-title').textContent()).toBe(`${overdue} 个工单已超时`);
    expect(await overdueCard.getAttribute('data-severity')).toBe('high');

    const drops = card(page, 'metrics.moved');
    const titles = await drops.getByTestId('attention-title').allTextContents();
    expect(
      titles.some((x) => /^上海人民广场店 (NPS|CSAT) 显著下降$/.test(x)),
      titles.join(' | '),
    ).toBe(true);
    const drop = drops.filter({ hasText: '上海人民广场店' }).first();
    // The detail states the numbers and the test that decided it.
    expect(await drop.getByTestId('attention-detail').textContent()).toMatch(
      /^近 7 天 .+（上 7 天 .+），n=\d+，(NPS 差值 z 检验|两比例 z 检验)，p[<=]0\.0\d+/,
    );
    // HQ and regional managers also see the movers, with the test of each.
    await expect.poll(() => page.getByTestId('mover').count()).toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/e2e-home-east.png', fullPage: true });

    // The overdue card opens the ticket list on its "overdue" view: every row shown is past due.
    await overdueCard.click();
    await page.waitForURL((u) => u.pathname === '/tickets' && u.searchParams.get('view') === 'overdue');
    await expect.poll(() => page.locator('.ant-tabs-tab-active').textContent()).toBe('已超时');
    await expect.poll(() => page.locator('.ant-table-row').count()).toBe(Math.min(overdue, 50));
    const sla = await page.locator('.ant-table-row td:last-child').allTextContents();
    expect(
      sla.every((x) => x.includes('已超时')),
      sla.join(' | '),
    ).toBe(true);

    // The drop opens the store's dashboard over the last 7 days, ranked by the metric that dropped.
    await page.goBack();
    await expect.poll(() => drops.count()).toBeGreaterThan(0);
    const [sh01] = await rows<{ id: string }>(stack.ctx.db, sql`SELECT id FROM org_units WHERE code = 'SH-01'`);
    await drop.click();
    await page.waitForURL((u) => u.pathname === '/dashboards' && u.searchParams.get('orgUnitId') === sh01.id);
    await expect.poll(() => page.getByText('上海人民广场店').count()).toBeGreaterThan(0);
    await page.close();
  });

  it("the SH-01 store manager's home is the frontline view and fits a 390 px phone", async () => {
    const page = await stack.browser.newPage(PHONE);
    await login(page, stack.baseUrl, 'sh01.manager@savor.example');
    await page.goto(`${stack.baseUrl}/`);
    await expect.poll(() => page.getByTestId('frontline').count(), { timeout: 30_000 }).toBe(1);
    // The store's score this week with n, its open tickets as phone cards, and praise from its customers.
    expect(await page.getByTestId('frontline').textContent()).toContain('上海人民广场店');
    expect(await page.getByTestId('frontline-week-csat').textContent()).toMatch(/近 7 天 CSAT.*n = \d+/);
    await expect.poll(() => page.getByTestId('praise-item').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('ticket-card').count()).toBeGreaterThan(0);
    // The store's own bad week is a card too, and nothing of another store reaches it.
    const titles = await page.getByTestId('attention-title').allTextContents();
    expect(
      titles.some((x) => x.startsWith('上海人民广场店')),
      titles.join(' | '),
    ).toBe(true);
    expect(titles.some((x) => /徐家汇|陆家嘴|杭州|北京|广州/.test(x))).toBe(false);
    // Nothing wider than the phone: no sideways scrolling, every card inside the viewport.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    for (const box of await page
      .getByTestId('attention-card')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    expect(await page.getByTestId('movers').count()).toBe(0);
    await page.screenshot({ path: '/tmp/e2e-home-store-phone.png', fullPage: true });

    // A rising topic opens the text page drilled into that topic's negative comments at this store, this week.
    const topic = card(page, 'text.topic_rising').first();
    const name = /负面话题「(.+)」在上升/.exec((await topic.getByTestId('attention-title').textContent()) ?? '')?.[1];
    expect(name).toBeTruthy();
    await topic.tap();
    await page.waitForURL((u) => u.pathname === '/text' && u.searchParams.get('sentiment') === 'negative');
    const drawer = page.locator('.ant-drawer');
    await expect.poll(() => drawer.locator('.ant-drawer-title').textContent()).toBe(name);
    await expect.poll(() => drawer.getByTestId('verbatim').count()).toBeGreaterThan(0);
    // Every comment listed is tagged with the topic (the list asks for its negative mentions).
    const tags = await drawer.getByTestId('verbatim').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    expect(
      tags.every((x) => x.includes(name!)),
      tags.slice(0, 3).join(' | '),
    ).toBe(true);
    await page.close();
  });
});
