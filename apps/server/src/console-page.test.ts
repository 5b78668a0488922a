import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastDays } from '@loopcx/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from './app.ts';
import { rows, sql } from './platform/db.ts';
import { setupTestSuite } from './testing/harness.ts';

// The console's page: /dashboards for a signed-in user carries the dashboard's first numbers (the same four tile
// queries the page sends first), so a slow phone shows them before the console's code has run.
const env = setupTestSuite();
let web: FastifyInstance;
let dist: string;
const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/index.js"></script></head><body><div id="root"></div></body></html>';

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'loopcx-console-page-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX);
  web = await buildServer(env.t.ctx, { serveConsole: true, consoleDir: dist });
  await web.ready();
  const def = { elements: [{ type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 }] };
  const survey = (
    await env.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: env.a.as('admin'),
      payload: { name: 'first paint', definition: def, bindings: { nps: 'nps' } },
    })
  ).json().id;
  await env.inject({ method: 'POST', url: `/api/v1/surveys/${survey}/publish`, headers: env.a.as('admin') });
  const key = (
    await env.inject({ method: 'POST', url: '/api/v1/api-keys', headers: env.a.as('admin'), payload: { name: 'k' } })
  ).json().key;
  // Three promoters, a passive and a detractor at S1, a detractor at S3, all today: NPS (3 − 2) / 6 = 16.7 for the company, (3 − 1) / 5 = 40 at S1.
  const scores: Array<[string, number]> = [
    ['S1', 10],
    ['S1', 9],
    ['S1', 10],
    ['S1', 2],
    ['S1', 8],
    ['S3', 0],
  ];
  const res = await env.inject({
    method: 'POST',
    url: '/api/v1/responses/batch',
    headers: { authorization: `Bearer ${key}` },
    payload: {
      responses: scores.map(([unit, nps], i) => ({
        surveyId: survey,
        answers: { nps },
        orgUnitCode: env.a.units[unit as 'S1'].code,
        submittedAt: env.t.clock.now().toISOString(),
        idempotencyKey: `first-paint-${i}`,
      })),
    },
  });
  expect(res.statusCode).toBe(200);
});
afterAll(async () => {
  await web?.close();
  rmSync(dist, { recursive: true, force: true });
});

const page = (url: string, who?: string, headers: Record<string, string> = {}) =>
  web.inject({ method: 'GET', url, headers: { ...(who ? { cookie: env.a.users[who].cookie } : {}), ...headers } });
/** The NPS the tile query answers for a user: what the console's own tile will show. */
async function tileNps(who: string) {
  const [tenant] = await rows<{ timezone: string }>(
    env.t.ctx.db,
    sql`SELECT timezone FROM tenants WHERE id = ${env.a.tenantId}`,
  );
  const { from, to } = lastDays(tenant!.timezone, 30, env.t.clock.now().getTime());
  const res = await env.inject({
    method: 'POST',
    url: '/api/v1/metrics/query',
    headers: env.a.as(who),
    payload: { metric: 'nps', from, to, compareTo: 'previous' },
  });
  return res.json().rows[0];
}

describe('the dashboard page with its first numbers', () => {
  it("shows a signed-in user's own unit's tiles, as the tile queries answer them, in the language the console will speak", async () => {
    const owner = await page('/dashboards', 'owner');
    expect(owner.statusCode).toBe(200);
    expect(owner.headers['content-type']).toMatch(/^text\/html/);
    expect(owner.headers['cache-control']).toBe('no-cache');
    // The head (which names the code) comes first, the numbers before the console's root.
    expect(owner.body.indexOf('/assets/index.js')).toBeLessThan(owner.body.indexOf('first-paint'));
    expect(owner.body.indexOf('first-paint')).toBeLessThan(owner.body.indexOf('<div id="root">'));
    const nps = (html: string) => /data-testid="first-paint-nps">.*?class="fp-value">([^<]*)</.exec(html)?.[1];
    expect((await tileNps('owner')).value).toBeCloseTo(100 / 6, 9);
    expect(nps(owner.body)).toBe('16.7');
    expect(owner.body).toContain('回收量');
    expect(owner.body).toMatch(/data-testid="first-paint-responses">.*?class="fp-value">6</);
    // The store manager sees their store only: 3 promoters, 1 passive, 1 detractor.
    await env.t.ctx.db.execute(sql`UPDATE users SET locale = 'en' WHERE id = ${env.a.users.storeManager!.id}`);
    const store = await page('/dashboards', 'storeManager');
    expect((await tileNps('storeManager')).value).toBeCloseTo(40, 9);
    expect(nps(store.body)).toBe('40.0');
    expect(store.body).toContain('Responses');
  });

  it('is the plain page without a session, for a role that may not read metrics, with filters, and elsewhere', async () => {
    const plain = (await page('/surveys')).body;
    expect(plain).toBe(INDEX);
    expect((await page('/dashboards')).body).toBe(INDEX);
    expect((await page('/dashboards', undefined, { cookie: 'lcx_session=forged' })).body).toBe(INDEX);
    expect((await page('/dashboards', 'agent')).body).toBe(INDEX);
    expect((await page('/dashboards?days=7', 'owner')).body).toBe(INDEX);
    expect((await page('/tickets', 'owner')).body).toBe(INDEX);
  });
});
