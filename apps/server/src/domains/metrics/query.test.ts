import { csat, histogramOf, nps, ZMetricQueryResponse, ZMetricQueryRow } from '@loopcx/shared';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import { documented, problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';

const env = setupTestSuite();
let surveyId: string;
let key: string;
let seq = 0;

beforeAll(async () => {
  const def = {
    elements: [
      { type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 },
      { type: 'rating', name: 'csat', rateMin: 1, rateMax: 5 },
    ],
  };
  surveyId = (
    await env.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: env.a.as('admin'),
      payload: { name: 'm', definition: def, bindings: { nps: 'nps', csat: 'csat' } },
    })
  ).json().id;
  await env.inject({ method: 'POST', url: `/api/v1/surveys/${surveyId}/publish`, headers: env.a.as('admin') });
  key = (
    await env.inject({ method: 'POST', url: '/api/v1/api-keys', headers: env.a.as('admin'), payload: { name: 'k' } })
  ).json().key;
});

const units = ['S1', 'S2', 'S3'] as const;
const query = (body: Record<string, unknown>, who = 'analyst') =>
  env.inject({ method: 'POST', url: '/api/v1/metrics/query', headers: env.a.as(who), payload: body });

async function load(items: Array<{ unit: (typeof units)[number]; day: number; nps: number; csat: number }>) {
  const responses = items.map((r) => ({
    surveyId,
    answers: { nps: r.nps, csat: r.csat },
    orgUnitCode: env.a.units[r.unit].code,
    submittedAt: new Date(Date.UTC(2026, 0, 1 + r.day, 4)).toISOString(),
    idempotencyKey: `metric-${seq++}-row`,
  }));
  for (let i = 0; i < responses.length; i += 1000) {
    const res = await env.inject({
      method: 'POST',
      url: '/api/v1/responses/batch',
      headers: { authorization: `Bearer ${key}` },
      payload: { responses: responses.slice(i, i + 1000) },
    });
    expect(res.statusCode).toBe(200);
  }
}

describe('POST /api/v1/metrics/query', () => {
  it('401, 422 for unknown metrics and bad periods, 404 for units outside scope or tenant', async () => {
    expect(
      (
        await env.inject({
          method: 'POST',
          url: '/api/v1/metrics/query',
          payload: { metric: 'nps', from: '2026-01-01', to: '2026-02-01' },
        })
      ).statusCode,
    ).toBe(401);
    for (const body of [
      { metric: 'happiness', from: '2026-01-01', to: '2026-02-01' },
      { metric: 'nps', from: '2026-02-01', to: '2026-01-01' },
      { metric: 'nps', from: 'soon', to: '2026-01-01' },
      { metric: 'nps', from: '2026-01-01', to: '2026-02-01', groupBy: 'planet' },
    ]) {
      const res = await query(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      problem(res);
    }
    expect(
      (await query({ metric: 'nps', orgUnitId: env.a.units.S3.id, from: '2026-01-01', to: '2026-02-01' }, 'manager'))
        .statusCode,
    ).toBe(404);
    expect(
      (await query({ metric: 'nps', orgUnitId: env.b.units.HQ.id, from: '2026-01-01', to: '2026-02-01' })).statusCode,
    ).toBe(404);
  });

  it('metrics from rollups equal metrics recomputed from raw responses, for random data, subtrees and periods', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            unit: fc.constantFrom(...units),
            day: fc.integer({ min: 0, max: 27 }),
            nps: fc.integer({ min: 0, max: 10 }),
            csat: fc.integer({ min: 1, max: 5 }),
          }),
          { minLength: 1, maxLength: 120 },
        ),
        fc.constantFrom('HQ', 'R1', 'C1', 'S1', 'R2'),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 10 }),
        async (items, unitKey, startDay, len) => {
          await load(items);
          const from = new Date(Date.UTC(2026, 0, 1 + startDay)).toISOString().slice(0, 10);
          const to = new Date(Date.UTC(2026, 0, 1 + startDay + len)).toISOString().slice(0, 10);
          const unit = env.a.units[unitKey as keyof TestTenant['units']];
          const raw = await rows<{ nps: number; csat: number }>(
            env.t.ctx.db,
            sql`SELECT (r.scores->>'nps')::int AS nps, (r.scores->>'csat')::int AS csat FROM responses r JOIN org_units o ON o.id = r.org_unit_id
                WHERE r.tenant_id = ${env.a.tenantId} AND o.path LIKE ${`${unit.path}%`} AND r.submitted_at >= ${from} AND r.submitted_at < ${to}`,
          );
          const expNps = nps(histogramOf(raw.map((r) => r.nps)));
          const expCsat = csat(histogramOf(raw.map((r) => r.csat)));
          const gotNps = (await query({ metric: 'nps', orgUnitId: unit.id, from, to, minN: 1 })).json().rows[0];
          const gotCsat = (await query({ metric: 'csat', orgUnitId: unit.id, from, to, minN: 1 })).json().rows[0];
          expect(gotNps.n).toBe(raw.length);
          expect(gotNps.value).toBe(expNps.value);
          expect(gotCsat.value).toBe(expCsat.value);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('periods spanning whole months (monthly rollups plus the days around them) equal raw responses, grouped by month, children or not', async () => {
    // 2025, where no other test of this file loads data; 04:00 UTC is midday in the tenant's zone (Asia/Shanghai).
    const at = (d: number) => new Date(Date.UTC(2025, 0, 1 + d)).toISOString().slice(0, 10);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            unit: fc.constantFrom(...units),
            day: fc.integer({ min: 0, max: 200 }),
            nps: fc.integer({ min: 0, max: 10 }),
            csat: fc.integer({ min: 1, max: 5 }),
          }),
          { minLength: 1, maxLength: 150 },
        ),
        fc.constantFrom('HQ', 'R1', 'S3'),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 1, max: 150 }),
        fc.constantFrom(undefined, 'month', 'children'),
        async (items, unitKey, startDay, len, groupBy) => {
          await load(items.map((it) => ({ ...it, day: it.day - 365 })));
          const from = at(startDay);
          const to = at(startDay + len);
          const unit = env.a.units[unitKey as keyof TestTenant['units']];
          const raw = await rows<{ key: string; nps: number }>(
            env.t.ctx.db,
            sql`SELECT CASE ${groupBy ?? 'none'} WHEN 'month' THEN to_char(date_trunc('month', r.submitted_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD')
                         WHEN 'children' THEN (SELECT c.id::text FROM org_units c WHERE c.parent_id = ${unit.id} AND o.path LIKE c.path || '%') ELSE ${unit.id}::text END AS key,
                       (r.scores->>'nps')::int AS nps
                FROM responses r JOIN org_units o ON o.id = r.org_unit_id
                WHERE r.tenant_id = ${env.a.tenantId} AND o.path LIKE ${`${unit.path}%`} AND r.submitted_at >= ${from} AND r.submitted_at < ${to}`,
          );
          const expected = new Map<string, number[]>();
          for (const r of raw) if (r.key) expected.set(r.key, [...(expected.get(r.key) ?? []), r.nps]);
          const got = (await query({ metric: 'nps', orgUnitId: unit.id, from, to, groupBy, minN: 1 })).json()
            .rows as Array<{ key: string; n: number; value: number | null }>;
          for (const row of got.filter((r) => r.n > 0)) {
            const scores = expected.get(row.key) ?? [];
            expect(row.n, `${from}…${to} ${groupBy} ${row.key}`).toBe(scores.length);
            expect(row.value).toBe(nps(histogramOf(scores)).value);
          }
          expect(got.filter((r) => r.n > 0).length).toBe(expected.size);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('ranks children with gaps to the parent, groups by touchpoint/week, compares periods, and suppresses small n', async () => {
    await load([
      ...Array(60)
        .fill(0)
        .map((_, i) => ({ unit: 'S1' as const, day: 40 + (i % 7), nps: 10, csat: 5 })),
      ...Array(60)
        .fill(0)
        .map((_, i) => ({ unit: 'S2' as const, day: 40 + (i % 7), nps: 2, csat: 2 })),
    ]);
    const res = (
      await query({
        metric: 'nps',
        orgUnitId: env.a.units.C1.id,
        from: '2026-02-10',
        to: '2026-02-17',
        groupBy: 'children',
        compareTo: 'previous',
      })
    ).json();
    expect(res.rows.map((r: { key: string }) => r.key)).toEqual([env.a.units.S1.id, env.a.units.S2.id]);
    expect(res.rows[0]).toMatchObject({ value: 100, significantGap: true });
    expect(res.rows[1].value).toBe(-100);
    const weeks = (
      await query({
        metric: 'responses',
        orgUnitId: env.a.units.HQ.id,
        from: '2026-02-01',
        to: '2026-03-01',
        groupBy: 'week',
      })
    ).json().rows;
    expect(weeks.reduce((s: number, r: { n: number }) => s + r.n, 0)).toBe(120);
    const small = (
      await query({ metric: 'nps', orgUnitId: env.a.units.S1.id, from: '2026-02-10', to: '2026-02-11', minN: 50 })
    ).json().rows[0];
    expect(small).toMatchObject({ value: null, suppressed: true });
    expect(small.n).toBeGreaterThan(0);
    const store = (await query({ metric: 'nps', from: '2026-02-01', to: '2026-03-01' }, 'storeManager')).json();
    expect(store.orgUnit.id).toBe(env.a.units.S1.id);
  });
});

describe('GET /api/v1/metrics/drivers', () => {
  it('ranks the touchpoint score that drives NPS first, with R² and performance', async () => {
    const def = {
      elements: [
        { type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 },
        { type: 'rating', name: 'serve', title: { default: 'Service', 'zh-cn': '服务' }, rateMin: 1, rateMax: 5 },
        {
          type: 'rating',
          name: 'wait',
          title: { default: 'Waiting time', 'zh-cn': '等位时间' },
          rateMin: 1,
          rateMax: 5,
        },
      ],
    };
    const d = (
      await env.inject({
        method: 'POST',
        url: '/api/v1/surveys',
        headers: env.a.as('admin'),
        payload: { name: 'drivers', definition: def, bindings: { nps: 'nps', ratings: ['serve', 'wait'] } },
      })
    ).json();
    await env.inject({ method: 'POST', url: `/api/v1/surveys/${d.id}/publish`, headers: env.a.as('admin') });
    // NPS follows serving closely and waiting only a little.
    const responses = Array.from({ length: 200 }, (_, i) => {
      const serve = 1 + (i % 5);
      const wait = 1 + ((i * 7) % 5);
      const nps = Math.max(0, Math.min(10, Math.round(serve * 2 + (wait - 3) * 0.3 + ((i * 13) % 3) - 1)));
      return {
        surveyId: d.id,
        answers: { nps, serve, wait },
        orgUnitCode: env.a.units.S1.code,
        submittedAt: new Date(Date.UTC(2026, 4, 1 + (i % 20))).toISOString(),
        idempotencyKey: `drivers-${i}-x`,
      };
    });
    expect(
      (
        await env.inject({
          method: 'POST',
          url: '/api/v1/responses/batch',
          headers: { authorization: `Bearer ${key}` },
          payload: { responses },
        })
      ).statusCode,
    ).toBe(200);
    const res = await env.inject({
      method: 'GET',
      url: `/api/v1/metrics/drivers?metric=nps&surveyId=${d.id}&from=2026-05-01&to=2026-06-01`,
      headers: env.a.as('analyst'),
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.n).toBe(200);
    expect(body.r2).toBeGreaterThan(0.8);
    expect(body.drivers.map((x: { key: string }) => x.key)).toEqual(['rating:serve', 'rating:wait']);
    // The chart labels drivers by question title in the console language, not by key.
    expect(body.drivers.map((x: { titles: Record<string, string> }) => x.titles)).toEqual([
      { 'zh-CN': '服务', en: 'Service' },
      { 'zh-CN': '等位时间', en: 'Waiting time' },
    ]);
    expect(body.drivers[0].performance).toBeCloseTo(50, 0);
    expect(
      (
        await env.inject({
          method: 'GET',
          url: '/api/v1/metrics/drivers?metric=vibes&from=2026-05-01&to=2026-06-01',
          headers: env.a.as('analyst'),
        })
      ).statusCode,
    ).toBe(422);
    expect(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/metrics/drivers?from=2026-05-01&to=2026-06-01&orgUnitId=${env.b.units.HQ.id}`,
          headers: env.a.as('analyst'),
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('metric answers follow their contracts', () => {
  it('OpenAPI documents each JSON answer; a query answers only declared fields', async () => {
    const doc = (await env.inject({ method: 'GET', url: '/api/docs' })).json();
    for (const [method, path, status] of [
      ['post', '/api/v1/metrics/query', '200'],
      ['get', '/api/v1/metrics/drivers', '200'],
      ['get', '/api/v1/metrics', '200'],
      ['get', '/api/v1/metrics/{key}', '200'],
      ['post', '/api/v1/metrics/validate', '200'],
      ['post', '/api/v1/metrics', '201'],
      ['patch', '/api/v1/metrics/{key}', '200'],
      ['delete', '/api/v1/metrics/{key}', '200'],
    ])
      expect(documented(doc, method, path, status), `${method} ${path} ${status}`).toBeDefined();
    const res = await query({
      metric: 'nps',
      from: '2026-01-01',
      to: '2026-02-01',
      groupBy: 'children',
      compareTo: 'previous',
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    for (const k of Object.keys(body)) expect(Object.keys(ZMetricQueryResponse.shape)).toContain(k);
    for (const row of body.rows)
      for (const k of Object.keys(row)) expect(Object.keys(ZMetricQueryRow.shape)).toContain(k);
  });
});
