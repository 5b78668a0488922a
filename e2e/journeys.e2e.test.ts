import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login as loginAt, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());
const login = (page: Page, email: string) => loginAt(page, stack.baseUrl, email);

interface MapTouchpoint {
  id: string;
  code: string;
  n: number;
  suppressed: boolean;
}
interface MapBody {
  orgUnit: { id: string; name: string };
  stages: Array<{ touchpoints: MapTouchpoint[] }>;
}
const touchpointsOf = (m: MapBody) => m.stages.flatMap((s) => s.touchpoints);
/**
 * The next journey-map answer the page receives for the named unit (any unit when absent), parsed: what the cards
 * must show. The page also refetches the map every 30 s, so a wait for a drill names the unit it waits for.
 */
const nextMap = (page: Page, unitName?: string) =>
  page
    .waitForResponse(
      async (r) =>
        /\/api\/v1\/journeys\/[^/]+\/map\?/.test(r.url()) &&
        r.ok() &&
        (!unitName || ((await r.json()) as MapBody).orgUnit.name === unitName),
      { timeout: 30_000 },
    )
    .then((r) => r.json() as Promise<MapBody>);

/** Every card shows the n of the map answer for its touchpoint. */
async function expectCardsMatch(page: Page, map: MapBody) {
  for (const tp of touchpointsOf(map)) {
    await expect
      .poll(async () => (await page.getByTestId(`tp-${tp.code}`).textContent()) ?? '', { timeout: 20_000 })
      .toMatch(new RegExp(`n ${tp.n}(?!\\d)`));
  }
}

describe('journey map and feedback in a real browser', () => {
  it('shows the demo journey map live, drills from HQ to a region, and opens a touchpoint’s dashboard', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await login(page, 'owner@savor.example');
    const hqMap = nextMap(page, '味道连锁总部');
    await page.goto(`${stack.baseUrl}/journeys`);
    const hq = await hqMap;
    const hqTps = touchpointsOf(hq);
    expect(hqTps.length).toBeGreaterThan(3);
    // 90 days of demo responses: at HQ over 30 days, most touchpoints have a score.
    expect(hqTps.filter((t) => !t.suppressed && t.n > 0).length).toBeGreaterThan(3);
    await expectCardsMatch(page, hq);
    const scored = hqTps.find((t) => !t.suppressed && t.n > 0)!;
    await expect
      .poll(async () => (await page.getByTestId(`tp-${scored.code}`).getByTestId('value').textContent()) ?? '')
      .toMatch(/\d/);

    // Drill to the East region with the org-unit picker: the cards now show the region's smaller numbers.
    const regionMap = nextMap(page, '华东大区');
    await page.locator('.ant-select-tree-select, .ant-tree-select').first().click();
    await page.keyboard.type('华东');
    await page.locator('.ant-select-tree-title', { hasText: '华东大区' }).first().click();
    const east = await regionMap;
    expect(east.orgUnit.name).toBe('华东大区');
    await expect
      .poll(
        async () =>
          (await page.getByTestId('journey-map').locator('xpath=preceding-sibling::*[1]').textContent()) ?? '',
      )
      .toContain('华东大区');
    await expectCardsMatch(page, east);
    const byCode = new Map(touchpointsOf(east).map((t) => [t.code, t.n]));
    expect(hqTps.every((t) => (byCode.get(t.code) ?? 0) <= t.n)).toBe(true);
    expect(hqTps.some((t) => (byCode.get(t.code) ?? 0) < t.n)).toBe(true);
    expect(new URL(page.url()).searchParams.get('unit')).toBe(east.orgUnit.id);

    // A touchpoint card opens the dashboard filtered to that touchpoint and region.
    const target = touchpointsOf(east).find((t) => t.n > 0)!;
    await page.getByTestId(`tp-${target.code}`).click();
    await page.waitForURL((u) => u.pathname === '/dashboards');
    const params = new URL(page.url()).searchParams;
    expect([params.get('touchpointId'), params.get('orgUnitId')]).toEqual([target.id, east.orgUnit.id]);
    await page.screenshot({ path: '/tmp/e2e-journey-drill.png', fullPage: true });
    await page.close();
  });

  it('shows a store manager the map of their own store', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    const storeMap = nextMap(page);
    await login(page, 'sh01.manager@savor.example');
    await page.goto(`${stack.baseUrl}/journeys`);
    const store = await storeMap;
    expect(store.orgUnit.name).toMatch(/店/);
    await expectCardsMatch(page, store);
    await page.screenshot({ path: '/tmp/e2e-journey-store.png', fullPage: true });
    await page.close();
  });

  it('lists demo feedback items (reviews, posts, call transcripts) with their sentiment and topics', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await login(page, 'analyst@savor.example');
    await page.goto(`${stack.baseUrl}/feedback`);
    const items = page.getByTestId('feedback-item');
    await expect.poll(async () => items.count(), { timeout: 20_000 }).toBeGreaterThan(3);
    // Items are analysed by the worker; once analysed, each shows a sentiment and at least one item a topic.
    const withTopics = async () => {
      const res = await page.request.get(`${stack.baseUrl}/api/v1/feedback?limit=20`);
      const body = (await res.json()) as {
        items: Array<{ text: string; analysis: { sentiment: string; topics: Array<{ topic: string }> } | null }>;
      };
      return body.items.find((i) => i.analysis && i.analysis.topics.length > 0);
    };
    await expect.poll(async () => Boolean(await withTopics()), { timeout: 30_000 }).toBe(true);
    const analysed = (await withTopics())!;
    await page.reload();
    const card = items.filter({ hasText: analysed.text.slice(0, 12) }).first();
    await expect
      .poll(async () => (await card.textContent()) ?? '', { timeout: 20_000 })
      .toContain(analysed.analysis!.topics[0].topic);
    await expect.poll(async () => (await card.textContent()) ?? '').toMatch(/负面|中性|正面|Negative|Neutral|Positive/);
    await page.screenshot({ path: '/tmp/e2e-feedback.png', fullPage: true });
    await page.close();
  });
});
