import { ZMetricQueryResponse } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import { problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';
import { evaluateMetricRules } from '../alerts/commands/evaluate-metric-rules.ts';

const s = setupTestSuite();
const post = (user: string, url: string, payload?: unknown, tenant: TestTenant = s.a) =>
  s.inject({ method: 'POST', url: `/api/v1${url}`, headers: tenant.as(user), payload: payload as object });

const ITEMS = [
  { code: 'F1', text: '使用过期食材', severity: 'fatal' },
  { code: 'G1', text: '迎宾', severity: 'general' },
];
let checklistId = '';

/** A mystery shop of `unit`, submitted now, failing F1 or not. */
async function shop(unit: 'S1' | 'S2' | 'S3', fatal: boolean) {
  const a = await post('owner', '/audits', { checklistId, orgUnitId: s.a.units[unit].id, kind: 'mystery_shop' });
  expect(a.statusCode, a.body).toBe(201);
  const results = [
    { code: 'F1', result: fatal ? 'fail' : 'pass' },
    { code: 'G1', result: 'pass' },
  ];
  const res = await post('owner', `/audits/${a.json().id}/submit`, { results });
  expect(res.statusCode, res.body).toBe(200);
}

beforeAll(async () => {
  s.t.clock.set('2026-05-20T03:00:00Z');
  checklistId = (await post('owner', '/checklists', { name: '抽检', items: ITEMS })).json().id;
});

describe('audit.* beside the survey metrics', () => {
  it('an alert rule on audit.fatal_error_rate fires for the store once a fatal audit lands, and once a day', async () => {
    const rule = await post('admin', '/alert-rules', {
      kind: 'metric',
      name: '门店出现致命项',
      condition: { metric: 'audit.fatal_error_rate', windowDays: 7, op: '>', threshold: 0, minN: 1 },
      actions: { ticket: { priority: 'high', assign: 'unit_manager' } },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    await shop('S1', false);
    await shop('S3', false);
    expect(await evaluateMetricRules(s.t.ctx, { tenantId: s.a.tenantId })).toBe(0);
    await shop('S3', true);
    expect(await evaluateMetricRules(s.t.ctx, { tenantId: s.a.tenantId })).toBe(1);
    expect(await evaluateMetricRules(s.t.ctx, { tenantId: s.a.tenantId })).toBe(0);
    const alerts = await rows<{ org_unit_id: string; data: { value: number; n: number } }>(
      s.t.ctx.db,
      sql`SELECT org_unit_id, data FROM alerts WHERE tenant_id = ${s.a.tenantId} AND rule_id = ${rule.json().id}`,
    );
    // S3: 1 of its 2 audits failed a fatal item.
    expect(alerts).toEqual([{ org_unit_id: s.a.units.S3.id, data: expect.objectContaining({ value: 50, n: 2 }) }]);
  });

  it('a dashboard ranks stores by an audit indicator; an unknown audit metric is a 422', async () => {
    const config = {
      metrics: ['nps', 'audit.score'],
      rankMetric: 'audit.fatal_error_rate',
      period: { days: 30 },
      sections: ['tiles', 'ranking'],
    };
    const saved = await post('analyst', '/dashboards', { name: '门店稽核', config, shared: true });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json().config).toMatchObject({
      rankMetric: 'audit.fatal_error_rate',
      metrics: ['nps', 'audit.score'],
    });
    const bad = await post('analyst', '/dashboards', { name: 'x', config: { ...config, rankMetric: 'audit.nope' } });
    expect(problem(bad).invalidParams?.map((p) => p.name)).toEqual(['config.rankMetric']);
    // The ranking the saved dashboard shows for C1's stores: S1 0 of 1, S2 without audits.
    const ranking = await post('analyst', '/metrics/query', {
      metric: 'audit.fatal_error_rate',
      orgUnitId: s.a.units.C1.id,
      from: '2026-04-21',
      to: '2026-05-21',
      groupBy: 'children',
    });
    expect(ranking.statusCode, ranking.body).toBe(200);
    const byStore = Object.fromEntries(ZMetricQueryResponse.parse(ranking.json()).rows.map((r) => [r.key, r]));
    expect(byStore[s.a.units.S1.id]).toMatchObject({ value: 0, n: 1 });
    expect(byStore[s.a.units.S2.id]).toMatchObject({ value: null, n: 0, suppressed: true });
  });
});
