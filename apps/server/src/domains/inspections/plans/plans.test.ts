import { ZAuditPlan, ZAuditPlanDetail, ZAuditPlanRunResult } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../../platform/db.ts';
import { prng } from '../../../seed/random.ts';
import { problem, setupTestSuite, type TestTenant } from '../../../testing/harness.ts';
import { runDuePlans } from './run-due-plans.ts';

const s = setupTestSuite();
const DAY = 86400_000;

const post = (user: string, url: string, payload?: unknown, tenant: TestTenant = s.a) =>
  s.inject({ method: 'POST', url: `/api/v1${url}`, headers: tenant.as(user), payload: payload as object });
const patch = (user: string, url: string, payload: unknown, tenant: TestTenant = s.a) =>
  s.inject({ method: 'PATCH', url: `/api/v1${url}`, headers: tenant.as(user), payload: payload as object });
const get = (user: string, url: string, tenant: TestTenant = s.a) =>
  s.inject({ method: 'GET', url: `/api/v1${url}`, headers: tenant.as(user) });
const runDue = () => runDuePlans(s.t.ctx, { tenantIds: [s.a.tenantId, s.b.tenantId], random: prng(5).next });

let checklistId: string;

beforeAll(async () => {
  const res = await post('owner', '/checklists', {
    name: '神秘顾客',
    unitKinds: ['store'],
    items: [{ code: 'F1', text: '食材过期', severity: 'fatal' }],
  });
  expect(res.statusCode, res.body).toBe(201);
  checklistId = res.json().id;
});

const mystery = (over: Record<string, unknown> = {}) => ({
  name: '月度神秘顾客',
  kind: 'mystery_shop',
  checklistId,
  rootUnitId: s.a.units.HQ.id,
  schedule: { every: 'monthly', day: 5 },
  sample: { mode: 'sample', size: 2, stratify: 'region' },
  assignee: { type: 'external', name: '暗访公司', email: 'ops@shopper.example' },
  dueDays: 10,
  ...over,
});

async function newPlan(body: Record<string, unknown>) {
  const res = await post('owner', '/audit-plans', body);
  expect(res.statusCode, res.body).toBe(201);
  return ZAuditPlan.parse(res.json());
}

async function planAudits(planId: string) {
  return rows<{ id: string; org_unit_id: string; inspector_id: string | null; external_name: string | null }>(
    s.t.ctx.db,
    sql`SELECT a.id, a.org_unit_id, a.inspector_id, a.external_name
        FROM audits a WHERE a.tenant_id = ${s.a.tenantId} AND a.plan_id = ${planId} ORDER BY a.created_at, a.id`,
  );
}

describe('audit plans: access and input', () => {
  it('answer 401 without a session, 403 to store and regional managers, 404 across tenants', async () => {
    expect((await s.inject({ method: 'GET', url: '/api/v1/audit-plans' })).statusCode).toBe(401);
    for (const user of ['storeManager', 'manager', 'agent']) {
      expect((await get(user, '/audit-plans')).statusCode).toBe(403);
      expect((await post(user, '/audit-plans', mystery())).statusCode).toBe(403);
    }
    const plan = await newPlan(mystery({ name: 'cross-tenant' }));
    expect(problem(await get('owner', `/audit-plans/${plan.id}`, s.b)).status).toBe(404);
    expect((await patch('owner', `/audit-plans/${plan.id}`, { active: false }, s.b)).statusCode).toBe(404);
    expect((await post('owner', `/audit-plans/${plan.id}/run`, undefined, s.b)).statusCode).toBe(404);
    expect((await get('storeManager', `/audit-plans/${plan.id}`)).statusCode).toBe(403);
    // Tenant B's owner cannot aim a plan at tenant A's checklist or units.
    expect((await post('owner', '/audit-plans', mystery({ rootUnitId: s.b.units.HQ.id }))).statusCode).toBe(404);
    const foreign = await post('owner', '/audit-plans', mystery({ rootUnitId: s.b.units.HQ.id }), s.b);
    expect(problem(foreign).invalidParams?.[0].name).toBe('checklistId');
  });

  it('answer 422 problem+json for a bad schedule, sample, assignee, unit kind or unknown field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ schedule: { every: 'monthly', day: 31 } }, 'schedule'],
      [{ schedule: { every: 'daily' } }, 'schedule'],
      [{ sample: { mode: 'sample', size: 0 } }, 'sample'],
      [{ sample: { mode: 'sample', size: '4' } }, 'sample'],
      [{ assignee: { type: 'unit' } }, 'assignee'],
      [{ assignee: { type: 'internal', userId: s.b.users.owner.id } }, 'assignee.userId'],
      [{ kind: 'self_inspection' }, 'assignee'],
      [{ unitKind: 'region' }, 'unitKind'],
      [{ dueDays: 0 }, 'dueDays'],
      [{ name: 'x'.repeat(121) }, 'name'],
      [{ extra: true }, ''],
      [{ checklistId: 'not-a-uuid' }, 'checklistId'],
    ];
    for (const [over, name] of cases) {
      const res = await post('owner', '/audit-plans', mystery(over));
      expect(res.statusCode, JSON.stringify(over)).toBe(422);
      expect(
        problem(res)
          .invalidParams?.map((p) => p.name)
          .join(' '),
        JSON.stringify(over),
      ).toContain(name);
    }
    const plan = await newPlan(mystery({ name: 'patch me' }));
    expect((await patch('owner', `/audit-plans/${plan.id}`, { sample: { mode: 'some' } })).statusCode).toBe(422);
    expect((await patch('owner', `/audit-plans/${plan.id}`, { assignee: { type: 'unit' } })).statusCode).toBe(422);
  });
});

describe('audit plans: runs', () => {
  it('run now draws one store per region, assigns the outside shopper, and a second call answers the same run', async () => {
    const plan = await newPlan(mystery({ name: 'run now' }));
    expect(plan.nextRunAt && Date.parse(plan.nextRunAt)).toBeGreaterThan(s.t.clock.now().getTime());
    const first = await post('owner', `/audit-plans/${plan.id}/run`);
    expect(first.statusCode, first.body).toBe(200);
    const a = ZAuditPlanRunResult.parse(first.json());
    expect(a.created).toBe(true);
    expect(a.run).toMatchObject({ audits: 2, assigned: 2, submitted: 0, overdue: 0, trigger: 'manual' });
    expect(a.run.period).toMatch(/^\d{4}-\d{2}$/);
    const again = ZAuditPlanRunResult.parse((await post('owner', `/audit-plans/${plan.id}/run`)).json());
    expect(again).toEqual({ ...a, created: false });
    const audits = await planAudits(plan.id);
    expect(audits).toHaveLength(2);
    // R2 holds S3 alone; R1 holds S1 and S2: one of each.
    expect(audits.map((x) => x.org_unit_id)).toContain(s.a.units.S3.id);
    expect(audits.filter((x) => [s.a.units.S1.id, s.a.units.S2.id].includes(x.org_unit_id))).toHaveLength(1);
    expect(audits.every((x) => x.external_name === '暗访公司' && x.inspector_id === null)).toBe(true);
    const list = (await get('owner', `/audits?checklistId=${checklistId}`)).json().items as Array<{
      id: string;
      planId: string | null;
      dueAt: string;
    }>;
    const mine = list.filter((x) => x.planId === plan.id);
    expect(mine).toHaveLength(2);
    expect(Date.parse(mine[0].dueAt) - s.t.clock.now().getTime()).toBe(10 * DAY);
  });

  it('the scheduler runs a due plan once however often it ticks, then moves to the next month day', async () => {
    const plan = await newPlan(mystery({ name: 'scheduled', sample: { mode: 'all' } }));
    const due = new Date(s.t.clock.now().getTime() - DAY);
    await s.t.ctx.db.execute(
      sql`UPDATE audit_plans SET next_run_at = ${due.toISOString()} WHERE tenant_id = ${s.a.tenantId} AND id = ${plan.id}`,
    );
    const [x, y] = await Promise.all([runDue(), runDue()]);
    expect(x + y).toBeGreaterThanOrEqual(1);
    expect(await runDue()).toBe(0);
    const d = ZAuditPlanDetail.parse((await get('owner', `/audit-plans/${plan.id}`)).json());
    expect(d.runs).toHaveLength(1);
    expect(d.runs[0]).toMatchObject({ audits: 3, trigger: 'schedule' });
    expect(Date.parse(d.nextRunAt ?? '')).toBeGreaterThan(s.t.clock.now().getTime());
    expect(new Date(d.nextRunAt ?? '').getUTCDate()).toBe(4); // the 5th, midnight Asia/Shanghai = 16:00 UTC on the 4th
    // A retried tick for the same period (next_run_at put back) finds the run made and makes no audit.
    await s.t.ctx.db.execute(
      sql`UPDATE audit_plans SET next_run_at = ${due.toISOString()} WHERE tenant_id = ${s.a.tenantId} AND id = ${plan.id}`,
    );
    expect(await runDue()).toBe(1);
    expect(await planAudits(plan.id)).toHaveLength(3);
    // Run now in the same period answers the scheduler's run.
    const now = ZAuditPlanRunResult.parse((await post('owner', `/audit-plans/${plan.id}/run`)).json());
    expect(now.created).toBe(false);
    expect(now.run.id).toBe(d.runs[0].id);
  });

  it('a paused plan does not run; resuming sets the next run from now; edits change future runs only', async () => {
    const plan = await newPlan(mystery({ name: 'pause me', schedule: { every: 'weekly', weekday: 1 } }));
    const paused = ZAuditPlanDetail.parse((await patch('owner', `/audit-plans/${plan.id}`, { active: false })).json());
    expect(paused.active).toBe(false);
    await s.t.ctx.db.execute(
      sql`UPDATE audit_plans SET next_run_at = now() - interval '1 day' WHERE tenant_id = ${s.a.tenantId} AND id = ${plan.id}`,
    );
    expect(await runDue()).toBe(0);
    const resumed = ZAuditPlanDetail.parse(
      (await patch('owner', `/audit-plans/${plan.id}`, { active: true, sample: { mode: 'all' }, dueDays: 3 })).json(),
    );
    expect(resumed).toMatchObject({ active: true, sample: { mode: 'all' }, dueDays: 3, runs: [] });
    expect(Date.parse(resumed.nextRunAt ?? '')).toBeGreaterThan(s.t.clock.now().getTime());
    const run = ZAuditPlanRunResult.parse((await post('owner', `/audit-plans/${plan.id}/run`)).json());
    expect(run.run.period).toMatch(/^\d{4}-W\d{2}$/);
    expect(run.run.audits).toBe(3);
  });

  it('a self-inspection plan assigns each store to itself: its manager works it, sees only theirs, overdue shows', async () => {
    const plan = await newPlan(
      mystery({ name: '门店自检', kind: 'self_inspection', sample: { mode: 'all' }, assignee: { type: 'unit' } }),
    );
    const run = ZAuditPlanRunResult.parse((await post('analyst', `/audit-plans/${plan.id}/run`)).json()).run;
    expect(run.audits).toBe(3);
    const audits = await planAudits(plan.id);
    expect(audits.every((x) => x.inspector_id === null && x.external_name === null)).toBe(true);
    const seen = (await get('storeManager', '/audits?kind=self_inspection')).json().items as Array<{
      id: string;
      planId: string | null;
      orgUnitId: string;
      overdue: boolean;
    }>;
    const fromPlan = seen.filter((x) => x.planId === plan.id);
    expect(fromPlan.map((x) => x.orgUnitId)).toEqual([s.a.units.S1.id]);
    const checkIn = await post('storeManager', `/audits/${fromPlan[0].id}/check-in`, {});
    expect(checkIn.statusCode, checkIn.body).toBe(200);
    // S3's audit is out of the S1 manager's scope.
    const s3 = audits.find((x) => x.org_unit_id === s.a.units.S3.id);
    expect((await post('storeManager', `/audits/${s3?.id}/check-in`, {})).statusCode).toBe(404);
    // Past due: the audit list and the run's completion say overdue.
    await s.t.ctx.db.execute(
      sql`UPDATE audits SET due_at = now() - interval '1 hour' WHERE tenant_id = ${s.a.tenantId} AND id = ${fromPlan[0].id}`,
    );
    const after = (await get('storeManager', `/audits/${fromPlan[0].id}`)).json();
    expect(after.overdue).toBe(true);
    const d = ZAuditPlanDetail.parse((await get('owner', `/audit-plans/${plan.id}`)).json());
    expect(d.runs[0]).toMatchObject({ audits: 3, overdue: 1, assigned: 2, submitted: 0 });
    expect(d.lastRun?.id).toBe(run.id);
    const listed = (await get('owner', '/audit-plans')).json().items as Array<{ id: string; lastRun: unknown }>;
    expect(listed.find((p) => p.id === plan.id)?.lastRun).toMatchObject({ overdue: 1 });
  });

  it('an internal inspector plan assigns the named user; a once plan runs once and is done', async () => {
    const plan = await newPlan(
      mystery({
        name: '上线演练',
        kind: 'rehearsal',
        schedule: { every: 'once', at: new Date(s.t.clock.now().getTime() - 60_000).toISOString() },
        sample: { mode: 'sample', size: 1, stratify: 'none' },
        assignee: { type: 'internal', userId: s.a.users.analyst.id },
      }),
    );
    expect(await runDue()).toBe(1);
    expect(await runDue()).toBe(0);
    const d = ZAuditPlanDetail.parse((await get('owner', `/audit-plans/${plan.id}`)).json());
    expect(d).toMatchObject({ nextRunAt: null, runs: [{ period: 'once', audits: 1 }] });
    expect(d.assignee).toEqual({ type: 'internal', userId: s.a.users.analyst.id, name: 'analyst' });
    expect((await planAudits(plan.id))[0].inspector_id).toBe(s.a.users.analyst.id);
  });
});

describe('audit plans: a run’s audits', () => {
  it('GET /audits?planRunId= lists exactly that run’s audits, within the caller’s scope; a malformed id is a 422', async () => {
    const plan = await newPlan(mystery({ name: 'run audits' }));
    const run = ZAuditPlanRunResult.parse((await post('owner', `/audit-plans/${plan.id}/run`)).json()).run;
    const expected = (await planAudits(plan.id)).map((a) => a.id).sort();
    expect(expected).toHaveLength(2);
    const list = await get('owner', `/audits?planRunId=${run.id}`);
    expect(list.statusCode, list.body).toBe(200);
    expect((list.json().items as Array<{ id: string }>).map((a) => a.id).sort()).toEqual(expected);
    // A region manager sees only the run's audit in their region; another tenant sees none.
    const regional = (await get('manager', `/audits?planRunId=${run.id}`)).json().items as Array<{ orgUnitId: string }>;
    const inR1 = (await planAudits(plan.id)).filter((a) => [s.a.units.S1.id, s.a.units.S2.id].includes(a.org_unit_id));
    expect(regional).toHaveLength(inR1.length);
    expect((await get('owner', `/audits?planRunId=${run.id}`, s.b)).json().items).toEqual([]);
    const bad = await get('owner', '/audits?planRunId=1%27%20OR%201%3D1');
    expect(bad.statusCode).toBe(422);
    expect(problem(bad).invalidParams?.map((p) => p.name)).toEqual(['planRunId']);
  });
});
