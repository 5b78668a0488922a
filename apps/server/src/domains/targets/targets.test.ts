import { randomUUID } from 'node:crypto';
import { ZLeaderboardResponse, ZTargetListResponse, ZTargetResponse } from '@loopcx/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/auth.ts';
import { sql } from '../../platform/db.ts';
import {
  createTestApp,
  createTestTenant,
  injector,
  problem,
  type TestApp,
  type TestTenant,
} from '../../testing/harness.ts';
import { targetAttention } from './queries/attention.ts';
import { effectiveTargets } from './queries/effective-targets.ts';

let t: TestApp;
let a: TestTenant;
let b: TestTenant;
let inject: ReturnType<typeof injector>;
const NIL = '00000000-0000-0000-0000-000000000000';

/** One day's NPS rollup for a unit: `promoters` 10s, `passives` 8s, `detractors` 2s. */
async function rollup(
  tenantId: string,
  unitId: string,
  day: string,
  promoters: number,
  passives: number,
  detractors: number,
) {
  const n = promoters + passives + detractors;
  await t.ctx.db.execute(
    sql`INSERT INTO score_rollups (tenant_id, survey_id, binding, org_unit_id, touchpoint_id, day, n, sum, sumsq, h2, h8, h10)
        VALUES (${tenantId}, ${NIL}, 'nps', ${unitId}, ${NIL}, ${day}, ${n}, ${promoters * 10 + passives * 8 + detractors * 2},
                ${promoters * 100 + passives * 64 + detractors * 4}, ${detractors}, ${passives}, ${promoters})`,
  );
}

const put = (who: string, payload: object, tenant = a) =>
  inject({ method: 'PUT', url: '/api/v1/targets', headers: tenant.as(who), payload });
const list = async (who: string, query: string, tenant = a) => {
  const res = await inject({ method: 'GET', url: `/api/v1/targets?${query}`, headers: tenant.as(who) });
  expect(res.statusCode, res.body).toBe(200);
  const body = ZTargetListResponse.parse(res.json());
  return new Map(body.items.map((i) => [i.orgUnitId, i]));
};

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-03-15T04:00:00Z');
  a = await createTestTenant(t.ctx);
  b = await createTestTenant(t.ctx);
  inject = injector(t);
  // March so far, 14 days × 10 answers a day: S1 NPS +60 (n 140), S2 −20 (n 140), S3 +20 (n 140).
  for (let d = 1; d <= 14; d++) {
    const day = `2026-03-${String(d).padStart(2, '0')}`;
    await rollup(a.tenantId, a.units.S1.id, day, 7, 2, 1);
    await rollup(a.tenantId, a.units.S2.id, day, 3, 2, 5);
    await rollup(a.tenantId, a.units.S3.id, day, 4, 4, 2);
  }
});
afterAll(async () => t.close());

describe('PUT /targets', () => {
  it('401 without a session, 403 for roles that may not set targets', async () => {
    const body = { metric: 'nps', orgUnitId: a.units.HQ.id, period: '2026-03', value: 30 };
    expect((await inject({ method: 'PUT', url: '/api/v1/targets', payload: body })).statusCode).toBe(401);
    expect((await put('viewer', body)).statusCode).toBe(403);
    expect((await put('agent', body)).statusCode).toBe(403);
  });

  it('422 in the error shape for an unknown metric, a malformed period, a value outside the metric’s range', async () => {
    const unit = a.units.HQ.id;
    const cases: Array<[object, string]> = [
      [{ metric: 'vibes', orgUnitId: unit, period: '2026-03', value: 30 }, 'metric'],
      [{ metric: 'cpo', orgUnitId: unit, period: '2026-03', value: 3 }, 'metric'],
      [{ metric: 'nps', orgUnitId: unit, period: '2026-13', value: 30 }, 'period'],
      [{ metric: 'nps', orgUnitId: unit, period: '2026-Q5', value: 30 }, 'period'],
      [{ metric: 'nps', orgUnitId: unit, period: 'next month', value: 30 }, 'period'],
      [{ metric: 'nps', orgUnitId: unit, period: '1999', value: 30 }, 'period'],
      [{ metric: 'nps', orgUnitId: unit, period: '2026-03', value: 150 }, 'value'],
      [{ metric: 'nps', orgUnitId: unit, period: '2026-03', value: -101 }, 'value'],
      [{ metric: 'csat', orgUnitId: unit, period: '2026-Q1', value: 120 }, 'value'],
      [{ metric: 'ces', orgUnitId: unit, period: '2026', value: 9 }, 'value'],
      [{ metric: 'nps', orgUnitId: unit, period: '2026-03', value: '50' }, 'value'],
      [{ metric: 'nps', orgUnitId: 'HQ', period: '2026-03', value: 50 }, 'orgUnitId'],
      [{ metric: 'nps', period: '2026-03', value: 50 }, 'orgUnitId'],
      [{ metric: 'nps', orgUnitId: unit, period: '2026-03', value: 50, extra: 1 }, ''],
    ];
    for (const [payload, field] of cases) {
      const res = await put('owner', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      if (field) expect(problem(res).invalidParams?.map((p) => p.name)).toContain(field);
    }
    const notJson = await inject({
      method: 'PUT',
      url: '/api/v1/targets',
      headers: { ...a.as('owner'), 'content-type': 'application/json' },
      payload: '{"metric":',
    });
    expect(notJson.statusCode).toBe(400);
  });

  it('404 for another tenant’s unit, a missing unit and a unit outside the caller’s subtree', async () => {
    const base = { metric: 'nps', period: '2026-03', value: 30 };
    expect((await put('owner', { ...base, orgUnitId: b.units.S1.id })).statusCode).toBe(404);
    expect((await put('owner', { ...base, orgUnitId: randomUUID() })).statusCode).toBe(404);
    expect((await put('storeManager', { ...base, orgUnitId: a.units.S2.id })).statusCode).toBe(404);
    expect((await put('manager', { ...base, orgUnitId: a.units.HQ.id })).statusCode).toBe(404);
    expect((await put('manager', { ...base, orgUnitId: a.units.R2.id })).statusCode).toBe(404);
  });
});

describe('cascading targets', () => {
  it('an HQ target is inherited by every unit; a region override by its subtree only', async () => {
    const hq = await put('owner', { metric: 'nps', orgUnitId: a.units.HQ.id, period: '2026-03', value: 30 });
    expect(hq.statusCode).toBe(200);
    expect(ZTargetResponse.parse(hq.json())).toMatchObject({ metric: 'nps', period: '2026-03', value: 30 });
    // A manager sets targets inside their own region.
    expect(
      (await put('manager', { metric: 'nps', orgUnitId: a.units.R1.id, period: '2026-03', value: 40 })).statusCode,
    ).toBe(200);
    const grid = await list('owner', 'metric=nps&period=2026-03');
    expect(grid.get(a.units.HQ.id)).toMatchObject({ target: 30, inherited: false, override: 30 });
    expect(grid.get(a.units.R1.id)).toMatchObject({ target: 40, inherited: false, override: 40 });
    for (const u of ['C1', 'S1', 'S2'] as const)
      expect(grid.get(a.units[u].id)).toMatchObject({
        target: 40,
        inherited: true,
        override: null,
        source: { orgUnitId: a.units.R1.id, period: '2026-03' },
      });
    for (const u of ['R2', 'S3'] as const)
      expect(grid.get(a.units[u].id)).toMatchObject({
        target: 30,
        inherited: true,
        source: { orgUnitId: a.units.HQ.id },
      });
  });

  it('a quarter target governs its months unless a month target exists; the nearest unit wins', async () => {
    expect(
      (await put('owner', { metric: 'nps', orgUnitId: a.units.R2.id, period: '2026-Q1', value: 10 })).statusCode,
    ).toBe(200);
    const mar = await list('owner', 'metric=nps&period=2026-03');
    // R2's own quarter target beats HQ's March target for R2 and its stores.
    expect(mar.get(a.units.S3.id)).toMatchObject({
      target: 10,
      source: { orgUnitId: a.units.R2.id, period: '2026-Q1' },
    });
    // February has no month target anywhere: HQ inherits nothing, R2's subtree takes R2's Q1 target.
    const feb = await list('owner', 'metric=nps&period=2026-02');
    expect(feb.get(a.units.HQ.id)).toMatchObject({ target: null, status: null });
    expect(feb.get(a.units.S3.id)?.target).toBe(10);
    expect(feb.get(a.units.S1.id)?.target).toBe(null);
    // The quarter view reads quarter and year targets only.
    const q1 = await list('owner', 'metric=nps&period=2026-Q1');
    expect(q1.get(a.units.S3.id)?.target).toBe(10);
    expect(q1.get(a.units.S1.id)?.target).toBe(null);
  });

  it('says met, at risk or uncertain from the 95 % interval of the period so far', async () => {
    const grid = await list('owner', 'metric=nps&period=2026-03');
    const s1 = grid.get(a.units.S1.id)!;
    const s2 = grid.get(a.units.S2.id)!;
    expect(s1).toMatchObject({ n: 140, status: 'met' });
    expect(s1.value).toBeCloseTo(60, 6);
    expect(s1.ci![0]).toBeGreaterThan(40);
    expect(s2).toMatchObject({ n: 140, status: 'at_risk' });
    expect(s2.value).toBeCloseTo(-20, 6);
    // R1 pools S1 and S2 (NPS 20, n 280) against its own 40: the interval lies below it.
    expect(grid.get(a.units.R1.id)).toMatchObject({ n: 280, status: 'at_risk' });
    // S3 at +20 against R2's 10: the interval straddles it.
    expect(grid.get(a.units.S3.id)).toMatchObject({ status: 'uncertain' });
    // Nothing measured in a later month.
    const jan = await list('owner', 'metric=nps&period=2026-04');
    expect(jan.get(a.units.HQ.id)).toMatchObject({ target: null, n: 0, value: null });
  });

  it('a store manager sees their store only, with the target it inherits', async () => {
    const grid = await list('storeManager', 'metric=nps&period=2026-03');
    expect([...grid.keys()]).toEqual([a.units.S1.id]);
    expect(grid.get(a.units.S1.id)).toMatchObject({ target: 40, inherited: true, parentId: null });
    const res = await inject({
      method: 'GET',
      url: `/api/v1/targets?metric=nps&period=2026-03&orgUnitId=${a.units.S2.id}`,
      headers: a.as('storeManager'),
    });
    expect(res.statusCode).toBe(404);
    const other = await inject({
      method: 'GET',
      url: `/api/v1/targets?metric=nps&period=2026-03&orgUnitId=${b.units.HQ.id}`,
      headers: a.as('owner'),
    });
    expect(other.statusCode).toBe(404);
    // Tenant b's grid knows nothing of tenant a's targets.
    const bGrid = await list('owner', 'metric=nps&period=2026-03', b);
    expect([...bGrid.values()].every((i) => i.target === null)).toBe(true);
  });

  it('levels limits the grid to the unit (0) or the unit and its children (1)', async () => {
    const one = await list('owner', `metric=nps&period=2026-03&orgUnitId=${a.units.R1.id}&levels=0`);
    expect([...one.keys()]).toEqual([a.units.R1.id]);
    const two = await list('owner', `metric=nps&period=2026-03&orgUnitId=${a.units.R1.id}&levels=1`);
    expect([...two.keys()].sort()).toEqual([a.units.R1.id, a.units.C1.id].sort());
  });

  it('GET answers malformed queries with 422', async () => {
    for (const q of [
      'metric=nps',
      'period=2026-03',
      'metric=nps&period=2026-13',
      'metric=x&period=2026-03',
      'metric=nps&period=2026-03&orgUnitId=1',
      'metric=nps&period=2026-03&x=1',
      'metric=nps&period=2026-03&levels=-1',
      'metric=nps&period=2026-03&levels=abc',
    ]) {
      const res = await inject({ method: 'GET', url: `/api/v1/targets?${q}`, headers: a.as('owner') });
      expect(res.statusCode, q).toBe(422);
    }
    expect((await inject({ method: 'GET', url: '/api/v1/targets?metric=nps&period=2026-03' })).statusCode).toBe(401);
  });

  it('DELETE removes an override so the unit inherits again; 404 when there is none or out of scope', async () => {
    const del = (who: string, unit: string, period = '2026-03') =>
      inject({
        method: 'DELETE',
        url: `/api/v1/targets?metric=nps&orgUnitId=${unit}&period=${period}`,
        headers: a.as(who),
      });
    expect((await del('storeManager', a.units.R1.id)).statusCode).toBe(404);
    expect((await del('viewer', a.units.R1.id)).statusCode).toBe(403);
    expect((await del('owner', b.units.HQ.id)).statusCode).toBe(404);
    expect((await del('owner', a.units.S1.id)).statusCode).toBe(404);
    expect((await del('owner', a.units.R1.id, '2026-13')).statusCode).toBe(422);
    expect((await del('manager', a.units.R1.id)).statusCode).toBe(204);
    const grid = await list('owner', 'metric=nps&period=2026-03');
    expect(grid.get(a.units.S1.id)).toMatchObject({ target: 30, source: { orgUnitId: a.units.HQ.id } });
    expect(grid.get(a.units.R1.id)).toMatchObject({ target: 30, inherited: true, override: null });
    const audit = await t.ctx.db.execute(
      sql`SELECT action FROM audit_log WHERE tenant_id = ${a.tenantId} AND action LIKE 'target.%' ORDER BY at`,
    );
    expect((audit as unknown as { rows: Array<{ action: string }> }).rows.map((r) => r.action)).toContain(
      'target.remove',
    );
    // Put R1's override back for the tests below.
    await put('owner', { metric: 'nps', orgUnitId: a.units.R1.id, period: '2026-03', value: 40 });
  });
});

describe('GET /leaderboard', () => {
  it('ranks a store among the stores of its region, with n, CI, target and a significance test', async () => {
    const res = await inject({
      method: 'GET',
      url: '/api/v1/leaderboard?metric=nps&period=2026-03',
      headers: a.as('storeManager'),
    });
    expect(res.statusCode, res.body).toBe(200);
    const lb = ZLeaderboardResponse.parse(res.json());
    expect(lb.group.orgUnitId).toBe(a.units.R1.id);
    expect(lb.peerKind).toBe('store');
    expect(lb.test).toMatch(/z test/);
    expect(lb.items.map((i) => [i.orgUnitId, i.rank])).toEqual([
      [a.units.S1.id, 1],
      [a.units.S2.id, 2],
    ]);
    const [s1, s2] = lb.items;
    expect(s1).toMatchObject({ self: true, n: 140, target: 40, targetStatus: 'met', differs: 'above' });
    expect(s1.vsTarget).toBeCloseTo(20, 6);
    // Leave-one-out: S1 (+60) against S2 alone (−20).
    expect(s1.gapToPeers).toBeCloseTo(80, 6);
    expect(s2).toMatchObject({ self: false, targetStatus: 'at_risk', differs: 'below' });
    expect(lb.peerAverage).toMatchObject({ n: 280 });
    expect(lb.peerAverage.value).toBeCloseTo(20, 6);
  });

  it('ranks regions among regions; small differences are not called significant', async () => {
    const res = await inject({
      method: 'GET',
      url: `/api/v1/leaderboard?metric=nps&period=2026-03&orgUnitId=${a.units.R2.id}`,
      headers: a.as('owner'),
    });
    const lb = ZLeaderboardResponse.parse(res.json());
    expect(lb.group.orgUnitId).toBe(a.units.HQ.id);
    expect(lb.items.map((i) => i.orgUnitId).sort()).toEqual([a.units.R1.id, a.units.R2.id].sort());
    // R1 (+20, n 280) and R2 (+20, n 140) do not differ.
    expect(lb.items.every((i) => i.differs === null)).toBe(true);
  });

  it('401, 404 out of scope or another tenant, 422 on bad input', async () => {
    const get = (who: string, q: string) =>
      inject({ method: 'GET', url: `/api/v1/leaderboard?${q}`, headers: a.as(who) });
    expect((await inject({ method: 'GET', url: '/api/v1/leaderboard?metric=nps&period=2026-03' })).statusCode).toBe(
      401,
    );
    expect((await get('storeManager', `metric=nps&period=2026-03&orgUnitId=${a.units.S2.id}`)).statusCode).toBe(404);
    expect((await get('owner', `metric=nps&period=2026-03&orgUnitId=${b.units.S1.id}`)).statusCode).toBe(404);
    expect((await get('owner', 'metric=vibes&period=2026-03')).statusCode).toBe(422);
    expect((await get('owner', 'metric=nps&period=2026-W50')).statusCode).toBe(422);
    expect((await get('agent', 'metric=nps&period=2026-03')).statusCode).toBe(403);
  });
});

describe('reuse by other parts', () => {
  it('targetAttention lists the metric whose target is at risk in the caller’s scope, in their language', async () => {
    const manager: Actor = {
      tenantId: a.tenantId,
      kind: 'user',
      id: a.users.manager.id,
      role: 'manager',
      orgUnitId: a.units.R1.id,
      orgPath: a.units.R1.path,
    };
    const [zh] = await targetAttention(t.ctx.db, manager, t.clock.now(), 'zh-CN');
    // R1 itself and S2 are at risk (S1 is met, C1 pools them like R1).
    expect(zh).toMatchObject({ kind: 'targets.at_risk', severity: 'high', count: 3 });
    expect(zh.title).toContain('目标有风险');
    expect(zh.link).toBe('/targets?metric=nps&period=2026-03&status=at_risk');
    const [en] = await targetAttention(t.ctx.db, manager, t.clock.now(), 'en');
    expect(en.title).toBe('NPS target at risk in 3 units (2026-03)');
    const store: Actor = { ...manager, orgUnitId: a.units.S1.id, orgPath: a.units.S1.path };
    expect(await targetAttention(t.ctx.db, store, t.clock.now(), 'en')).toEqual([]);
  });

  it('the region manager’s home page carries the at-risk card; a store manager whose store meets it sees none', async () => {
    const home = async (who: string) =>
      (await inject({ method: 'GET', url: '/api/v1/home?locale=en', headers: a.as(who) })).json() as {
        attention: Array<{ kind: string; title: string; link: string }>;
      };
    const card = (await home('manager')).attention.find((i) => i.kind === 'targets.at_risk');
    expect(card).toMatchObject({
      title: 'NPS target at risk in 3 units (2026-03)',
      link: expect.stringContaining('/targets?'),
    });
    expect((await home('storeManager')).attention.some((i) => i.kind === 'targets.at_risk')).toBe(false);
  });

  it('effectiveTargets answers per unit for the reports helper', async () => {
    const eff = await effectiveTargets(
      t.ctx.db,
      a.tenantId,
      'nps',
      '2026-03',
      [a.units.S2.id, b.units.S1.id],
      t.clock.now(),
    );
    expect([...eff.units.keys()]).toEqual([a.units.S2.id]);
    expect(eff.units.get(a.units.S2.id)).toMatchObject({ target: 40, status: 'at_risk', n: 140 });
    expect(eff.through).toBe('2026-03-16');
  });
});
