import { beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import { problem, setupTestSuite } from '../../testing/harness.ts';
import { evaluateMetricRules } from '../alerts/commands/evaluate-metric-rules.ts';

const env = setupTestSuite();
let key: string;
const CPO = "count('call.inbound') / count('order.completed' where properties.valid = true)";
const post = (url: string, payload: unknown, headers: Record<string, string>) =>
  env.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> });
const query = (body: Record<string, unknown>, who = 'analyst') => post('/api/v1/metrics/query', body, env.a.as(who));

// Per store and day in January 2026: orders (valid / not valid) and calls. S1 calls a lot, S3 little.
const PLAN = {
  S1: { orders: 40, invalid: 4, calls: 6 },
  S2: { orders: 30, invalid: 0, calls: 1 },
  S3: { orders: 50, invalid: 5, calls: 2 },
} as const;

beforeAll(async () => {
  key = (await post('/api/v1/api-keys', { name: 'k' }, env.a.as('admin'))).json().key;
  const events: Array<Record<string, unknown>> = [];
  for (let d = 0; d < 10; d++) {
    for (const [unit, p] of Object.entries(PLAN)) {
      const at = new Date(Date.UTC(2026, 0, 5 + d, 4)).toISOString();
      const code = env.a.units[unit as keyof typeof PLAN].code;
      for (let i = 0; i < p.orders; i++)
        events.push({
          type: 'order.completed',
          occurredAt: at,
          orgUnitCode: code,
          customer: `M-${unit}-${i % 10}`,
          properties: { valid: i >= p.invalid, channel: 'dine_in' },
          value: 100,
        });
      for (let i = 0; i < p.calls; i++)
        events.push({
          type: 'call.inbound',
          occurredAt: at,
          orgUnitCode: code,
          properties: { reason: 'order_status' },
          value: 300,
        });
    }
  }
  const res = await post('/api/v1/events/batch', { events }, { authorization: `Bearer ${key}` });
  expect(res.json().created).toBe(events.length);
});

describe('metric definitions', () => {
  it('lists built-ins read-only; validates formulas with positions; 401/403/409; tenant isolation', async () => {
    expect((await env.inject({ method: 'GET', url: '/api/v1/metrics' })).statusCode).toBe(401);
    const list = (await env.inject({ method: 'GET', url: '/api/v1/metrics', headers: env.a.as('viewer') })).json();
    expect(list.items.filter((m: { builtin: boolean }) => m.builtin).map((m: { key: string }) => m.key)).toEqual([
      'nps',
      'csat',
      'ces',
      'rating:<question>',
      'responses',
      'response_rate',
      'invitation.response_rate',
    ]);
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ key: 'cpo', name: 'CPO', formula: "count('call.inbound') /" }, 'formula', '(at 24)'],
      [
        { key: 'cpo', name: 'CPO', formula: "count('call.unknown')" },
        'formula',
        "unknown event type 'call.unknown' (at 1)",
      ],
      [{ key: 'cpo', name: 'CPO', formula: "count('order.completed' where amount = 5)" }, 'formula', 'not a dimension'],
      [
        { key: 'cpo', name: 'CPO', formula: "count('order.completed' where valid = 'yes')" },
        'formula',
        'takes a boolean',
      ],
      [
        { key: 'cpo', name: 'CPO', formula: "count('order.completed' where channel = 'pigeon')" },
        'formula',
        'takes dine_in',
      ],
      [{ key: 'nps', name: 'x', formula: '1' }, 'key', 'reserved'],
      [{ key: 'CPO', name: 'x', formula: '1' }, 'key', 'lower-case'],
      [{ key: 'cpo', name: 'x', formula: '1', direction: 'sideways' }, 'direction', ''],
      [{ key: 'cpo', name: 'x', formula: '1', minN: 0 }, 'minN', ''],
    ];
    for (const [body, field, reason] of cases) {
      const res = await post('/api/v1/metrics', body, env.a.as('admin'));
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      const p = problem(res);
      expect(p.invalidParams?.[0].name).toBe(field);
      expect(p.invalidParams?.[0].reason).toContain(reason);
    }
    expect(
      (await post('/api/v1/metrics', { key: 'cpo', name: 'CPO', formula: CPO }, env.a.as('manager'))).statusCode,
    ).toBe(403);
    const created = await post(
      '/api/v1/metrics',
      {
        key: 'cpo',
        name: '单均来电',
        nameEn: 'CPO',
        formula: CPO,
        direction: 'lower',
        target: 0.05,
        format: 'ratio',
        decimals: 3,
      },
      env.a.as('analyst'),
    );
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      key: 'cpo',
      kind: 'formula',
      direction: 'lower',
      target: 0.05,
      minN: 5,
      builtin: false,
    });
    expect(
      (await post('/api/v1/metrics', { key: 'cpo', name: 'again', formula: '1' }, env.a.as('admin'))).statusCode,
    ).toBe(409);
    expect(
      (
        await env.inject({
          method: 'PATCH',
          url: '/api/v1/metrics/nps',
          headers: env.a.as('admin'),
          payload: { target: 50 },
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await env.inject({
          method: 'PATCH',
          url: '/api/v1/metrics/cpo',
          headers: env.b.as('admin'),
          payload: { target: 1 },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await env.inject({ method: 'GET', url: '/api/v1/metrics/cpo', headers: env.b.as('admin') })).statusCode,
    ).toBe(404);
    const bad = await post('/api/v1/metrics/validate', { formula: 'count(1)' }, env.a.as('viewer'));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().position).toBe(7);
    expect((await post('/api/v1/metrics/validate', { formula: CPO }, env.a.as('viewer'))).json()).toEqual({ ok: true });
    const patched = await env.inject({
      method: 'PATCH',
      url: '/api/v1/metrics/cpo',
      headers: env.a.as('admin'),
      payload: { target: 0.06, formula: "count('call.inbound') / count('order.completed' where valid = true)" },
    });
    expect(patched.json()).toMatchObject({ target: 0.06 });
  });
});

describe('POST /api/v1/metrics/query with formula metrics', () => {
  const jan = { from: '2026-01-05', to: '2026-01-15' };
  const calls = (u: keyof typeof PLAN) => PLAN[u].calls * 10;
  const valid = (u: keyof typeof PLAN) => (PLAN[u].orders - PLAN[u].invalid) * 10;

  it('answers CPO for a subtree with numerator, denominator, n and a delta-method CI', async () => {
    const res = await query({ metric: 'cpo', orgUnitId: env.a.units.HQ.id, ...jan });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const num = calls('S1') + calls('S2') + calls('S3');
    const den = valid('S1') + valid('S2') + valid('S3');
    expect(body).toMatchObject({ metric: 'cpo', kind: 'formula', definition: { direction: 'lower', target: 0.06 } });
    const row = body.rows[0];
    expect(row).toMatchObject({ numerator: num, denominator: den, n: den, suppressed: false });
    expect(row.value).toBeCloseTo(num / den, 12);
    const se = (num / den) * Math.sqrt(1 / num + 1 / den);
    expect(row.ci[0]).toBeCloseTo(num / den - 1.959964 * se, 6);
    expect(row.ci[1]).toBeCloseTo(num / den + 1.959964 * se, 6);
  });

  it('groups by children (best first for lower-is-better), by day and touchpoint; compares periods; hides small n', async () => {
    const kids = (
      await query({ metric: 'cpo', orgUnitId: env.a.units.C1.id, ...jan, groupBy: 'children', compareTo: 'previous' })
    ).json();
    expect(kids.rows.map((r: { label: string }) => r.label)).toEqual(['Unit S2', 'Unit S1']);
    const s1 = kids.rows[1];
    expect(s1).toMatchObject({
      key: env.a.units.S1.id,
      numerator: calls('S1'),
      denominator: valid('S1'),
      previous: null,
      change: null,
      significant: false,
    });
    expect(s1.gapToParent).toBeGreaterThan(0);
    expect(s1.significantGap).toBe(true);
    expect(kids.parent).toMatchObject({ numerator: calls('S1') + calls('S2'), denominator: valid('S1') + valid('S2') });
    const days = (await query({ metric: 'cpo', orgUnitId: env.a.units.S3.id, ...jan, groupBy: 'day' })).json();
    expect(days.rows).toHaveLength(10);
    expect(days.rows[0]).toMatchObject({ key: '2026-01-05', numerator: 2, denominator: 45 });
    const tps = (await query({ metric: 'cpo', ...jan, groupBy: 'touchpoint' })).json();
    expect(tps.rows[0]).toMatchObject({ key: '00000000-0000-0000-0000-000000000000', label: '—' });
    const small = (
      await query({ metric: 'cpo', orgUnitId: env.a.units.S2.id, from: '2026-01-05', to: '2026-01-06', minN: 100 })
    ).json();
    expect(small.rows[0]).toMatchObject({
      value: null,
      ci: null,
      suppressed: true,
      n: 30,
      numerator: null,
      denominator: null,
    });
  });

  it('previews unsaved formulas: sums, distinct customers, arithmetic with survey counts; 422 points at the problem', async () => {
    const aov = (
      await query({
        metric: 'preview',
        formula: "sum('order.completed' where valid = true) / count('order.completed' where valid = true)",
        orgUnitId: env.a.units.S1.id,
        ...jan,
      })
    ).json();
    expect(aov.rows[0].value).toBeCloseTo(100, 9);
    const distinct = (
      await query({
        metric: 'preview',
        formula: "distinct_customers('order.completed')",
        orgUnitId: env.a.units.C1.id,
        ...jan,
      })
    ).json();
    expect(distinct.rows[0].value).toBe(20);
    const distinctValid = (
      await query({
        metric: 'preview',
        formula: "distinct_customers('order.completed' where valid = false)",
        orgUnitId: env.a.units.S1.id,
        ...jan,
        minN: 1,
      })
    ).json();
    expect(distinctValid.rows[0].value).toBe(4);
    const mixed = (
      await query({
        metric: 'preview',
        formula: "(count('call.inbound') + responses) * 2",
        orgUnitId: env.a.units.S1.id,
        ...jan,
      })
    ).json();
    expect(mixed.rows[0].value).toBe(calls('S1') * 2);
    const bad = await query({ metric: 'preview', formula: "count('call.inbound') ** 2", ...jan });
    expect(bad.statusCode).toBe(422);
    expect(problem(bad).invalidParams?.[0]).toMatchObject({ name: 'formula' });
    const rate = (await query({ metric: 'response_rate', ...jan })).json();
    expect(rate.rows[0]).toMatchObject({ value: null, numerator: null, denominator: null, n: 0, suppressed: true });
  });

  it('scopes: a manager sees their subtree only; another tenant does not know cpo; 401', async () => {
    expect(
      (await query({ metric: 'cpo', orgUnitId: env.a.units.R1.id, ...jan }, 'manager')).json().rows[0].numerator,
    ).toBe(calls('S1') + calls('S2'));
    expect((await query({ metric: 'cpo', orgUnitId: env.a.units.S3.id, ...jan }, 'manager')).statusCode).toBe(404);
    const own = (await query({ metric: 'cpo', ...jan }, 'storeManager')).json();
    expect(own.orgUnit.id).toBe(env.a.units.S1.id);
    const inB = await post('/api/v1/metrics/query', { metric: 'cpo', ...jan }, env.b.as('analyst'));
    expect(inB.statusCode).toBe(422);
    expect(problem(inB).invalidParams?.[0].name).toBe('metric');
    expect(
      (
        await post(
          '/api/v1/metrics/query',
          { metric: 'cpo', orgUnitId: env.a.units.HQ.id, ...jan },
          env.b.as('analyst'),
        )
      ).statusCode,
    ).toBe(422);
    expect((await post('/api/v1/metrics/query', { metric: 'cpo', ...jan }, {})).statusCode).toBe(401);
    await env.inject({ method: 'DELETE', url: '/api/v1/metrics/cpo', headers: env.a.as('admin') });
    expect((await query({ metric: 'cpo', ...jan })).statusCode).toBe(422);
    await env.inject({
      method: 'PATCH',
      url: '/api/v1/metrics/cpo',
      headers: env.a.as('admin'),
      payload: { status: 'active' },
    });
    expect((await query({ metric: 'cpo', ...jan })).statusCode).toBe(200);
  });
});

describe('metric alert rules over a formula metric', () => {
  it('fires for the store whose CPO breaks the threshold, once per day, through the same query function', async () => {
    const now = env.t.clock.now().getTime();
    const recent = (h: number) => new Date(now - h * 3600_000).toISOString();
    const events = [
      ...Array.from({ length: 40 }, (_, i) => ({
        type: 'order.completed',
        occurredAt: recent(30 + (i % 20)),
        orgUnitCode: env.a.units.S1.code,
        properties: { valid: true },
      })),
      ...Array.from({ length: 12 }, (_, i) => ({
        type: 'call.inbound',
        occurredAt: recent(30 + i),
        orgUnitCode: env.a.units.S1.code,
      })),
      ...Array.from({ length: 40 }, (_, i) => ({
        type: 'order.completed',
        occurredAt: recent(30 + (i % 20)),
        orgUnitCode: env.a.units.S3.code,
        properties: { valid: true },
      })),
      { type: 'call.inbound', occurredAt: recent(31), orgUnitCode: env.a.units.S3.code },
    ];
    expect((await post('/api/v1/events/batch', { events }, { authorization: `Bearer ${key}` })).json().created).toBe(
      events.length,
    );
    const rule = await post(
      '/api/v1/alert-rules',
      {
        kind: 'metric',
        name: 'CPO too high',
        condition: { metric: 'cpo', windowDays: 7, op: '>', threshold: 0.1, minN: 20 },
        actions: { ticket: { priority: 'high', assign: 'unit_manager' } },
      },
      env.a.as('admin'),
    );
    expect(rule.statusCode).toBe(201);
    expect(await evaluateMetricRules(env.t.ctx, { tenantId: env.a.tenantId })).toBe(1);
    expect(await evaluateMetricRules(env.t.ctx, { tenantId: env.a.tenantId })).toBe(0);
    const tickets = await rows<{ org_unit_id: string; title: string }>(
      env.t.ctx.db,
      sql`SELECT org_unit_id, title FROM tickets WHERE tenant_id = ${env.a.tenantId} AND source = 'metric'`,
    );
    expect(tickets).toEqual([{ org_unit_id: env.a.units.S1.id, title: expect.stringContaining('CPO 0.3 > 0.1') }]);
  });
});
