import { summarizeOutcomes, wilson, ZOutcomeResponse } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import { problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';
import { sweepTenant } from '../customers/commands/resolve-customers.ts';

const env = setupTestSuite();
const DAY = 86_400_000;
const NOW = '2026-06-01T00:00:00Z';
const PERIOD = { from: '2026-01-01', to: '2026-06-01' };

interface Resp {
  customer: string;
  unit: 'S1' | 'S3';
  at: number;
  nps: number;
  csat: number;
}
interface Ev {
  customer: string;
  at: number;
}

/**
 * Generated data: customer M-i answers once (customers 0–9 twice), NPS i mod 11, at S1 or S3; promoters buy again
 * within 30 days 60 % of the time, passives 40 %, detractors 20 %; others sometimes buy after the window, some
 * bought just before answering (neither counts). Ten answers of the last 12 days are pending.
 */
function generate(): { responses: Resp[]; events: Ev[] } {
  const responses: Resp[] = [];
  const events: Ev[] = [];
  for (let i = 0; i < 200; i++) {
    const customer = `M-${i}`;
    const at = Date.UTC(2026, 1, 1 + (i % 60), 6);
    const nps = i % 11;
    responses.push({ customer, unit: i % 4 === 3 ? 'S3' : 'S1', at, nps, csat: 1 + (i % 5) });
    if (i < 10) responses.push({ customer, unit: 'S1', at: at + 45 * DAY, nps: 10, csat: 5 });
    const p = nps >= 9 ? 60 : nps >= 7 ? 40 : 20;
    if ((i * 37) % 100 < p) events.push({ customer, at: at + (1 + (i % 25)) * DAY });
    else if (i % 3 === 0) events.push({ customer, at: at + 35 * DAY });
    if (i % 5 === 0) events.push({ customer, at: at - 2 * DAY });
  }
  for (let i = 200; i < 210; i++)
    responses.push({ customer: `M-${i}`, unit: 'S1', at: Date.UTC(2026, 4, 20, 6), nps: 10, csat: 5 });
  return { responses, events };
}

const data = generate();

/** The expected counts computed from the generated lists directly (each response its own 30-day window). */
function expected(filter: (r: Resp) => boolean, group: (r: Resp) => string, absent = false) {
  const out = new Map<string, { n: number; outcomes: number }>();
  let pending = 0;
  for (const r of data.responses.filter(filter)) {
    if (r.at > Date.parse(NOW) - 30 * DAY) {
      pending++;
      continue;
    }
    const hit = data.events.some((e) => e.customer === r.customer && e.at > r.at && e.at < r.at + 30 * DAY);
    const g = out.get(group(r)) ?? { n: 0, outcomes: 0 };
    g.n++;
    if (hit !== absent) g.outcomes++;
    out.set(group(r), g);
  }
  return { groups: out, pending };
}
const npsGroup = (r: Resp) => (r.nps >= 9 ? 'promoters' : r.nps >= 7 ? 'passives' : 'detractors');

async function load(tenant: TestTenant, surveyId: string, key: string) {
  const post = (url: string, payload: Record<string, unknown>) =>
    env.inject({ method: 'POST', url, headers: { authorization: `Bearer ${key}` }, payload });
  const ev = await post('/api/v1/events/batch', {
    events: data.events.map((e, i) => ({
      type: 'order.completed',
      occurredAt: new Date(e.at).toISOString(),
      orgUnitCode: tenant.units.S2.code,
      customer: e.customer,
      value: 10,
      properties: { valid: true },
      idempotencyKey: `xo-event-${i}`,
    })),
  });
  expect(ev.json().created).toBe(data.events.length);
  const res = await post('/api/v1/responses/batch', {
    responses: data.responses.map((r, i) => ({
      surveyId,
      answers: { nps: r.nps, csat: r.csat },
      orgUnitCode: tenant.units[r.unit].code,
      customer: r.customer,
      submittedAt: new Date(r.at).toISOString(),
      idempotencyKey: `xo-resp-${i}`,
    })),
  });
  expect(res.statusCode, res.body).toBe(200);
  while ((await env.runJobs()) > 0);
  await sweepTenant(env.t.ctx, tenant.tenantId, { mode: 'full' });
}

async function setupTenant(tenant: TestTenant) {
  const admin = tenant.as('admin');
  const def = {
    elements: [
      { type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 },
      { type: 'rating', name: 'csat', rateMin: 1, rateMax: 5 },
    ],
  };
  const surveyId = (
    await env.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: admin,
      payload: { name: 'xo', definition: def, bindings: { nps: 'nps', csat: 'csat' } },
    })
  ).json().id as string;
  await env.inject({ method: 'POST', url: `/api/v1/surveys/${surveyId}/publish`, headers: admin });
  const key = (
    await env.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin, payload: { name: 'k' } })
  ).json().key as string;
  await load(tenant, surveyId, key);
}

beforeAll(async () => {
  env.t.clock.set(NOW);
  await setupTenant(env.a);
  await setupTenant(env.b);
});

const ask = (body: Record<string, unknown>, who = 'analyst', tenant: 'a' | 'b' = 'a') =>
  env.inject({ method: 'POST', url: '/api/v1/metrics/outcomes', headers: env[tenant].as(who), payload: body });
const NPS_BODY = { metric: 'nps', outcomeEventType: 'order.completed', withinDays: 30, ...PERIOD };

/** The counts by NPS group written independently in SQL: plain COUNTs over a join, no EXISTS. */
async function referenceSql(tenantId: string, unitIds: string[]) {
  return rows<{ grp: string; n: number; outcomes: number }>(
    env.t.ctx.db,
    sql`WITH r AS (
          SELECT r.id, r.customer_id, r.submitted_at,
                 CASE WHEN (r.scores->>'nps')::int >= 9 THEN 'promoters' WHEN (r.scores->>'nps')::int >= 7 THEN 'passives' ELSE 'detractors' END AS grp
            FROM responses r
           WHERE r.tenant_id = ${tenantId} AND r.customer_id IS NOT NULL AND r.scores ? 'nps'
             AND r.org_unit_id = ANY(${`{${unitIds.join(',')}}`}::uuid[])
             AND r.submitted_at <= ${NOW}::timestamptz - interval '30 days'),
        hits AS (
          SELECT r.id, count(e.id) AS k FROM r
            LEFT JOIN events e ON e.tenant_id = ${tenantId} AND e.customer_id = r.customer_id AND e.type = 'order.completed'
                 AND e.occurred_at > r.submitted_at AND e.occurred_at < r.submitted_at + interval '30 days'
           GROUP BY r.id)
        SELECT r.grp, count(*)::int AS n, count(*) FILTER (WHERE hits.k > 0)::int AS outcomes
          FROM r JOIN hits ON hits.id = r.id GROUP BY r.grp`,
  );
}

describe('POST /api/v1/metrics/outcomes', () => {
  it('rows, rates, CIs, lift and verdict equal the reference SQL and the counts computed from the data', async () => {
    const res = await ask(NPS_BODY);
    expect(res.statusCode, res.body).toBe(200);
    const body = ZOutcomeResponse.parse(res.json());
    const exp = expected(() => true, npsGroup);
    const ref = await referenceSql(env.a.tenantId, [env.a.units.S1.id, env.a.units.S3.id]);
    expect(body.groups.map((g) => g.key)).toEqual(['detractors', 'passives', 'promoters']);
    for (const g of body.groups) {
      expect({ n: g.n, outcomes: g.outcomes }).toEqual(exp.groups.get(g.key));
      const r = ref.find((x) => x.grp === g.key)!;
      expect({ n: g.n, outcomes: g.outcomes }).toEqual({ n: Number(r.n), outcomes: Number(r.outcomes) });
      expect(g.rate).toBeCloseTo((g.outcomes / g.n) * 100, 10);
      expect(g.ci).toEqual(wilson(g.outcomes, g.n));
    }
    // Hand-checked sizes: 210 answers, 10 pending; 200 + 10 repeats complete. Promoters: 36 first answers + 10.
    expect(body.pending).toBe(10);
    expect(body.groups.reduce((s, g) => s + g.n, 0)).toBe(210);
    const [d, , p] = body.groups;
    expect(p.n).toBe(46);
    expect(body.lift).toBeCloseTo(p.outcomes / p.n / (d.outcomes / d.n), 10);
    expect(body.difference!.points).toBeCloseTo((p.outcomes / p.n - d.outcomes / d.n) * 100, 10);
    expect(body.verdict).toBe('predictive');
    expect(body.lift!).toBeGreaterThan(1.5);
    expect(body).toMatchObject(summarizeOutcomes(body.groups, 30));
  });

  it('absent outcomes (churn) invert the rates; an event nobody has is not predictive', async () => {
    const body = (await ask({ ...NPS_BODY, outcome: 'absent' })).json();
    const exp = expected(() => true, npsGroup, true);
    for (const g of body.groups) expect({ n: g.n, outcomes: g.outcomes }).toEqual(exp.groups.get(g.key));
    expect(body.verdict).toBe('inverse');
    const none = (await ask({ ...NPS_BODY, outcomeEventType: 'refund.issued' })).json();
    expect(none.groups.map((g: { outcomes: number }) => g.outcomes)).toEqual([0, 0, 0]);
    expect(none.verdict).toBe('not_predictive');
    expect(none.lift).toBeNull();
  });

  it('CSAT groups each level of its scale', async () => {
    const body = (await ask({ ...NPS_BODY, metric: 'csat' })).json();
    const exp = expected(
      () => true,
      (r) => String(r.csat),
    );
    expect(body.groups.map((g: { key: string }) => g.key)).toEqual(['1', '2', '3', '4', '5']);
    for (const g of body.groups) expect({ n: g.n, outcomes: g.outcomes }).toEqual(exp.groups.get(g.key));
  });

  it("a store manager sees their store's responses only; other units and tenants are 404", async () => {
    const res = await ask(NPS_BODY, 'storeManager');
    expect(res.statusCode).toBe(200);
    const exp = expected((r) => r.unit === 'S1', npsGroup);
    for (const g of res.json().groups) expect({ n: g.n, outcomes: g.outcomes }).toEqual(exp.groups.get(g.key));
    const ref = await referenceSql(env.a.tenantId, [env.a.units.S1.id]);
    expect(res.json().groups.reduce((s: number, g: { n: number }) => s + g.n, 0)).toBe(
      ref.reduce((s, r) => s + Number(r.n), 0),
    );
    expect((await ask({ ...NPS_BODY, orgUnitId: env.a.units.S3.id }, 'storeManager')).statusCode).toBe(404);
    expect((await ask({ ...NPS_BODY, orgUnitId: env.b.units.HQ.id })).statusCode).toBe(404);
    // Tenant B holds the same data: A's answer counts A's responses only (pending 10, not 20).
    expect((await ask(NPS_BODY)).json().pending).toBe(10);
  });

  it('answers 401/403/422 for missing auth and hostile input, and stores nothing', async () => {
    const before = await rows<{ n: number }>(env.t.ctx.db, sql`SELECT count(*)::int AS n FROM events`);
    expect((await env.inject({ method: 'POST', url: '/api/v1/metrics/outcomes', payload: NPS_BODY })).statusCode).toBe(
      401,
    );
    for (const body of [
      { ...NPS_BODY, metric: 'happiness' },
      { ...NPS_BODY, metric: "nps'; DROP TABLE events; --" },
      { ...NPS_BODY, outcomeEventType: 'DROP TABLE' },
      { ...NPS_BODY, withinDays: 0 },
      { ...NPS_BODY, withinDays: 731 },
      { ...NPS_BODY, withinDays: '30' },
      { ...NPS_BODY, outcome: 'maybe' },
      { ...NPS_BODY, from: '2026-06-01', to: '2026-01-01' },
      { ...NPS_BODY, from: 'soon' },
      { ...NPS_BODY, extra: 1 },
      { ...NPS_BODY, minN: 0 },
      { metric: 'nps' },
    ]) {
      const res = await ask(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      problem(res);
    }
    const after = await rows<{ n: number }>(env.t.ctx.db, sql`SELECT count(*)::int AS n FROM events`);
    expect(after).toEqual(before);
  });

  it('a saved dashboard keeps its X → O tiles; a malformed tile is 422 naming the field', async () => {
    const tile = { metric: 'nps', outcomeEventType: 'order.completed', outcome: 'absent', withinDays: 60 };
    const save = (outcomes: unknown) =>
      env.inject({
        method: 'POST',
        url: '/api/v1/dashboards',
        headers: env.a.as('analyst'),
        payload: { name: 'xo', config: { metrics: ['nps'], outcomes } },
      });
    // A rating question's tile names its survey.
    const rated = { ...tile, metric: 'rating:fresh', surveyId: '00000000-0000-4000-8000-000000000001' };
    const ok = await save([tile, rated]);
    expect(ok.statusCode, ok.body).toBe(201);
    const read = await env.inject({
      method: 'GET',
      url: `/api/v1/dashboards/${ok.json().id}`,
      headers: env.a.as('analyst'),
    });
    expect(read.json().config.outcomes).toEqual([tile, rated]);
    for (const [bad, field] of [
      [[{ ...tile, withinDays: 0 }], 'config.outcomes.0.withinDays'],
      [[{ ...tile, metric: 'happiness' }], 'config.outcomes.0.metric'],
      [[{ ...tile, surveyId: 'not-a-uuid' }], 'config.outcomes.0.surveyId'],
      [Array(5).fill(tile), 'config.outcomes'],
    ] as const) {
      const res = await save(bad);
      expect(res.statusCode).toBe(422);
      expect(problem(res).invalidParams?.[0].name).toBe(field);
    }
  });
});
