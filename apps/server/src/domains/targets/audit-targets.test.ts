import { randomUUID } from 'node:crypto';
import { wilson, ZLeaderboardResponse, ZMetricQueryResponse, ZTargetListResponse } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/auth.ts';
import { sql } from '../../platform/db.ts';
import { problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';
import { targetAttention } from './queries/attention.ts';

const s = setupTestSuite();
const call = (method: 'POST' | 'PUT' | 'GET', user: string, url: string, payload?: unknown, tenant?: TestTenant) =>
  s.inject({ method, url: `/api/v1${url}`, headers: (tenant ?? s.a).as(user), payload: payload as object });

const ITEMS = [
  { code: 'F1', text: '使用过期食材', severity: 'fatal' },
  { code: 'G1', text: '迎宾', severity: 'general' },
  { code: 'G2', text: '桌面整洁', severity: 'general' },
  { code: 'G3', text: '上菜时效', severity: 'general' },
];
type R = 'pass' | 'fail' | 'na';
let checklistId = '';
let S4 = { id: '', path: '' };
const unit = (k: string) => (k === 'S4' ? S4 : s.a.units[k as keyof TestTenant['units']]);

/** Submits an audit of `unitKey` now with results for F1, G1, G2, G3 (in that order). */
async function audit(unitKey: string, results: [R, R, R, R], kind = 'mystery_shop') {
  const created = await call('POST', 'owner', '/audits', { checklistId, orgUnitId: unit(unitKey).id, kind });
  expect(created.statusCode, created.body).toBe(201);
  const payload = { results: ITEMS.map((i, n) => ({ code: i.code, result: results[n] })) };
  const res = await call('POST', 'owner', `/audits/${created.json().id}/submit`, payload);
  expect(res.statusCode, res.body).toBe(200);
}

const list = async (metric: string, who = 'owner', query = '') => {
  const res = await call('GET', who, `/targets?metric=${metric}&period=2026-05${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return new Map(ZTargetListResponse.parse(res.json()).items.map((i) => [i.orgUnitId, i]));
};

beforeAll(async () => {
  // A fourth store under C1, so a store's peers pool more than one other store.
  const id = randomUUID();
  S4 = { id, path: `${s.a.units.C1.path}${id}/` };
  await s.t.ctx.db.execute(
    sql`INSERT INTO org_units (tenant_id, id, parent_id, path, depth, code, name, kind)
        VALUES (${s.a.tenantId}, ${id}, ${s.a.units.C1.id}, ${S4.path}, 3, ${`${s.a.units.C1.code}-S4`}, 'Unit S4', 'store')`,
  );
  checklistId = (await call('POST', 'owner', '/checklists', { name: '月度抽检', items: ITEMS })).json().id;
  // April: a fatal failure at S1 that May's figures must not count.
  s.t.clock.set('2026-04-28T03:00:00Z');
  await audit('S1', ['fail', 'fail', 'fail', 'fail']);
  s.t.clock.set('2026-05-20T03:00:00Z');
  await audit('S1', ['pass', 'pass', 'pass', 'pass']); // score 100, general 0/3
  await audit('S1', ['pass', 'fail', 'pass', 'na']); // score 2/3, general 1/2
  await audit('S2', ['fail', 'fail', 'fail', 'pass']); // fatal, score 25, general 2/3
  await audit('S3', ['fail', 'pass', 'pass', 'pass']); // fatal, score 75, general 0/3
  await audit('S3', ['fail', 'fail', 'pass', 'pass']); // fatal, score 50, general 1/3
  await audit('S3', ['pass', 'pass', 'pass', 'pass']); // score 100, general 0/3
  await audit('S4', ['pass', 'fail', 'fail', 'fail']); // score 25, general 3/3
  // A self-inspection is not counted (the audit metrics' default set).
  await audit('S1', ['fail', 'fail', 'fail', 'fail'], 'self_inspection');
});

describe('targets on the audit indicators', () => {
  it('PUT /targets takes the audit metrics within 0–100; roles, scope and hostile input answer 4xx and store nothing', async () => {
    const body = { metric: 'audit.fatal_error_rate', orgUnitId: s.a.units.HQ.id, period: '2026-05', value: 10 };
    const ok = await call('PUT', 'analyst', '/targets', body);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ metric: 'audit.fatal_error_rate', value: 10, period: '2026-05' });
    expect((await call('PUT', 'viewer', '/targets', { ...body, value: 5 })).statusCode).toBe(403);
    expect((await call('PUT', 'agent', '/targets', { ...body, value: 5 })).statusCode).toBe(403);
    // A store manager may not set a target above their store; another tenant's user sees no such unit.
    expect((await call('PUT', 'storeManager', '/targets', { ...body, value: 5 })).statusCode).toBe(404);
    expect((await call('PUT', 'owner', '/targets', { ...body, value: 5 }, s.b)).statusCode).toBe(404);
    const cases: Array<[object, string]> = [
      [{ ...body, value: 100.5 }, 'value'],
      [{ ...body, value: -1 }, 'value'],
      [{ ...body, metric: 'audit.nope' }, 'metric'],
      [{ ...body, metric: 'constructor' }, 'metric'],
      [{ ...body, metric: '__proto__' }, 'metric'],
    ];
    for (const [payload, field] of cases) {
      const res = await call('PUT', 'owner', '/targets', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(422);
      expect(problem(res).invalidParams?.map((p) => p.name)).toEqual([field]);
    }
    for (const payload of [
      { ...body, value: '10' },
      { ...body, value: null },
      { ...body, metric: 'x'.repeat(500) },
      { ...body, orgUnitId: "1' OR 1=1 --" },
      { ...body, extra: true },
    ]) {
      const res = await call('PUT', 'owner', '/targets', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(problem(res).status).toBe(res.statusCode);
    }
    // Nothing but the analyst's 10 % was stored.
    expect((await list('audit.fatal_error_rate')).get(s.a.units.HQ.id)).toMatchObject({ target: 10, override: 10 });
    const bad = await call('GET', 'owner', '/targets?metric=audit.score&period=2026-05&orgUnitId=not-a-uuid');
    expect(problem(bad).invalidParams?.map((p) => p.name)).toEqual(['orgUnitId']);
  });

  it('GET /targets: hand-computed values, inherited targets and status from the Wilson interval (lower is better)', async () => {
    const items = await list('audit.fatal_error_rate');
    // HQ: 3 of May's 7 counted audits failed a fatal item (April's and the self-inspection left out).
    expect(items.get(s.a.units.HQ.id)).toMatchObject({ value: (3 / 7) * 100, n: 7, target: 10, status: 'at_risk' });
    expect(items.get(s.a.units.HQ.id)?.ci).toEqual(wilson(3, 7));
    // S3 2 of 3: at risk; C1 1 of 4 (its interval reaches below 10 %): uncertain; S1 0 of 2: uncertain.
    expect(items.get(s.a.units.S3.id)).toMatchObject({
      value: (2 / 3) * 100,
      n: 3,
      inherited: true,
      status: 'at_risk',
    });
    expect(items.get(s.a.units.C1.id)).toMatchObject({ value: 25, n: 4, status: 'uncertain' });
    expect(items.get(s.a.units.S1.id)).toMatchObject({ value: 0, n: 2, status: 'uncertain' });
    const general = await list('audit.general_error_rate');
    expect(general.get(s.a.units.HQ.id)).toMatchObject({ value: 35, n: 20, target: null, status: null });
    expect(general.get(s.a.units.S1.id)).toMatchObject({ value: 20, n: 5 });
    // The score: mean of the audits' pass shares × 100; one audit is below the score's min n of 2.
    expect(
      (
        await call('PUT', 'owner', '/targets', {
          metric: 'audit.score',
          orgUnitId: s.a.units.R2.id,
          period: '2026-Q2',
          value: 60,
        })
      ).statusCode,
    ).toBe(200);
    const score = await list('audit.score');
    expect(score.get(s.a.units.HQ.id)?.value).toBeCloseTo((100 + 200 / 3 + 25 + 75 + 50 + 100 + 25) / 7, 10);
    expect(score.get(s.a.units.S3.id)).toMatchObject({ value: 75, n: 3, target: 60, source: { period: '2026-Q2' } });
    expect(score.get(s.a.units.S2.id)).toMatchObject({ value: null, n: 1, status: null });
    expect(score.get(S4.id)).toMatchObject({ value: null, n: 1, status: null });
  });

  it('values and intervals equal POST /metrics/query for the same unit and period, for all three metrics', async () => {
    for (const [metric, minN] of [
      ['audit.fatal_error_rate', 1],
      ['audit.general_error_rate', 1],
      ['audit.score', 2],
    ] as const) {
      const items = await list(metric);
      for (const key of ['HQ', 'R1', 'C1', 'S1', 'S2', 'R2', 'S3', 'S4']) {
        const q = await call('POST', 'analyst', '/metrics/query', {
          metric,
          orgUnitId: unit(key).id,
          from: '2026-05-01',
          to: '2026-05-21',
          minN,
        });
        expect(q.statusCode, q.body).toBe(200);
        const [row] = ZMetricQueryResponse.parse(q.json()).rows;
        const mine = items.get(unit(key).id);
        expect({ value: mine?.value, n: mine?.n, ci: mine?.ci }, `${metric} ${key}`).toEqual({
          value: row.value,
          n: row.n,
          ci: row.ci,
        });
      }
    }
  });

  it('the leaderboard pools the other peers’ k/n and sums (leave-one-out) and ranks lower-is-better first', async () => {
    const res = await call(
      'GET',
      'owner',
      `/leaderboard?metric=audit.general_error_rate&period=2026-05&orgUnitId=${s.a.units.S1.id}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const board = ZLeaderboardResponse.parse(res.json());
    expect(board.direction).toBe('lower');
    expect(board.peerAverage).toMatchObject({ value: (6 / 11) * 100, n: 11 });
    const by = Object.fromEntries(board.items.map((i) => [i.name, i]));
    // S1 1/5 = 20 % against S2 + S4 = 5/6: z = 63.3 / √(20·80/5 + 83.3·16.7/6) = 2.70 > 1.96, below its peers.
    expect(by['Unit S1']).toMatchObject({ rank: 1, value: 20, n: 5, differs: 'below', self: true });
    expect(by['Unit S1'].gapToPeers).toBeCloseTo(20 - (5 / 6) * 100, 10);
    // S2 2/3 against S1 + S4 = 4/8: 16.7 points, z = 0.51, no difference; S4 3/3 against 3/8: above.
    expect(by['Unit S2']).toMatchObject({ rank: 2, differs: null });
    expect(by['Unit S2'].gapToPeers).toBeCloseTo((2 / 3) * 100 - 50, 10);
    expect(by['Unit S4']).toMatchObject({ rank: 3, value: 100, differs: 'above' });
    expect(by['Unit S4'].gapToPeers).toBeCloseTo(100 - 37.5, 10);
    // Regions on the score: R1 against R2's pooled sums (75), the average over all seven audits.
    const regions = ZLeaderboardResponse.parse(
      (
        await call('GET', 'manager', `/leaderboard?metric=audit.score&period=2026-05&orgUnitId=${s.a.units.R1.id}`)
      ).json(),
    );
    const r1 = regions.items.find((i) => i.self)!;
    const r1Mean = (100 + 200 / 3 + 25 + 25) / 4;
    expect(r1.value).toBeCloseTo(r1Mean, 10);
    expect(r1.gapToPeers).toBeCloseTo(r1Mean - 75, 10);
    expect(regions.peerAverage.value).toBeCloseTo((100 + 200 / 3 + 25 + 75 + 50 + 100 + 25) / 7, 10);
    expect(regions.items.find((i) => !i.self)).toMatchObject({ value: 75, target: 60, targetStatus: 'uncertain' });
    const bad = await call('GET', 'owner', `/leaderboard?metric=audit.${'x'.repeat(30)}&period=2026-05`);
    expect(problem(bad).invalidParams?.map((p) => p.name)).toEqual(['metric']);
  });

  it('the home page names the at-risk audit target in the caller’s language, within the caller’s scope', async () => {
    const owner: Actor = {
      tenantId: s.a.tenantId,
      kind: 'user',
      id: s.a.users.owner.id,
      role: 'owner',
      orgUnitId: s.a.units.HQ.id,
      orgPath: s.a.units.HQ.path,
    };
    const item = (list: Awaited<ReturnType<typeof targetAttention>>) =>
      list.find((i) => i.link.includes('audit.fatal_error_rate'));
    // At risk against 10 %: HQ 3/7, R2 2/3, S3 2/3, S2 1/1 (Wilson lower bounds 15.8, 20.8, 20.8, 20.7 %).
    const en = item(await targetAttention(s.t.ctx.db, owner, s.t.clock.now(), 'en'));
    expect(en).toMatchObject({
      title: 'Fatal error rate target at risk in 4 units (2026-05)',
      severity: 'high',
      link: '/targets?metric=audit.fatal_error_rate&period=2026-05&status=at_risk',
    });
    const zh = item(await targetAttention(s.t.ctx.db, owner, s.t.clock.now(), 'zh-CN'));
    expect(zh?.title).toBe('致命错误率 目标有风险：4 个单位（2026-05）');
    // The R1 manager: only S2 is at risk in R1's subtree.
    const manager: Actor = {
      ...owner,
      id: s.a.users.manager.id,
      role: 'manager',
      orgUnitId: s.a.units.R1.id,
      orgPath: s.a.units.R1.path,
    };
    expect(item(await targetAttention(s.t.ctx.db, manager, s.t.clock.now(), 'en'))).toMatchObject({
      count: 1,
      severity: 'medium',
    });
  });
});

describe('targets on the training indicators', () => {
  it('completion and pass rate: hand-computed values equal to POST /metrics/query, inherited targets, higher is better', async () => {
    const quiz = await call('POST', 'owner', '/training/quizzes', {
      name: '食品安全',
      passMark: 60,
      questions: [
        {
          code: 'q1',
          type: 'true_false',
          text: '过期食材可以加热后使用',
          correct: ['false'],
        },
      ],
    });
    expect(quiz.statusCode, quiz.body).toBe(201);
    const quizId = quiz.json().id as string;
    const userId = s.a.users.storeManager.id;
    // [unit, assigned, first attempt, status]: May counts S1 4 assigned (3 tried: 2 passed, 1 failed), S3 2 assigned
    // (1 tried, failed); S2's was assigned in April and first tried in May (pass rate only).
    const rowsIn: Array<[string, string, string | null, 'open' | 'passed' | 'failed']> = [
      ['S1', '2026-05-03T02:00:00Z', '2026-05-04T02:00:00Z', 'passed'],
      ['S1', '2026-05-05T02:00:00Z', '2026-05-06T02:00:00Z', 'passed'],
      ['S1', '2026-05-07T02:00:00Z', '2026-05-08T02:00:00Z', 'failed'],
      ['S1', '2026-05-09T02:00:00Z', null, 'open'],
      ['S3', '2026-05-10T02:00:00Z', '2026-05-11T02:00:00Z', 'failed'],
      ['S3', '2026-05-12T02:00:00Z', null, 'open'],
      ['S2', '2026-04-20T02:00:00Z', '2026-05-02T02:00:00Z', 'passed'],
    ];
    for (const [key, assigned, first, status] of rowsIn)
      await s.t.ctx.db.execute(
        sql`INSERT INTO training_assignments (tenant_id, id, quiz_id, user_id, org_unit_id, status, attempts,
              best_score, first_attempt_at, passed_at, assigned_at)
            VALUES (${s.a.tenantId}, ${randomUUID()}, ${quizId}, ${userId}, ${unit(key).id}, ${status},
              ${first ? 1 : 0}, ${first ? (status === 'passed' ? 100 : 0) : null}, ${first}::timestamptz,
              ${status === 'passed' ? first : null}::timestamptz, ${assigned}::timestamptz)`,
      );
    const target = await call('PUT', 'owner', '/targets', {
      metric: 'training.pass_rate',
      orgUnitId: s.a.units.HQ.id,
      period: '2026-05',
      value: 90,
    });
    expect(target.statusCode, target.body).toBe(200);
    expect(
      problem(
        await call('PUT', 'owner', '/targets', {
          metric: 'training.pass_rate',
          orgUnitId: s.a.units.HQ.id,
          period: '2026-05',
          value: 101,
        }),
      ).invalidParams?.[0]?.name,
    ).toBe('value');
    const expected: Record<string, Record<string, [number, number]>> = {
      'training.completion_rate': { HQ: [4, 6], R1: [3, 4], S1: [3, 4], S2: [0, 0], R2: [1, 2], S3: [1, 2] },
      'training.pass_rate': { HQ: [3, 5], R1: [3, 4], S1: [2, 3], S2: [1, 1], R2: [0, 1], S3: [0, 1] },
    };
    for (const [metric, byUnit] of Object.entries(expected)) {
      const items = await list(metric);
      for (const [key, [k, n]] of Object.entries(byUnit)) {
        const mine = items.get(unit(key).id);
        expect({ value: mine?.value, n: mine?.n, ci: mine?.ci }, `${metric} ${key}`).toEqual({
          value: n ? (k / n) * 100 : null,
          n,
          ci: n ? wilson(k, n) : null,
        });
        const q = await call('POST', 'analyst', '/metrics/query', {
          metric,
          orgUnitId: unit(key).id,
          from: '2026-05-01',
          to: '2026-05-21',
        });
        expect(q.statusCode, q.body).toBe(200);
        const [row] = ZMetricQueryResponse.parse(q.json()).rows;
        expect({ value: row.value, n: row.n, ci: row.ci }, `${metric} ${key} query`).toEqual({
          value: mine?.value,
          n: mine?.n,
          ci: mine?.ci,
        });
      }
      if (metric === 'training.pass_rate') {
        // The HQ target is inherited by every unit, and higher is better: S3 (0 of 1) is not meeting 90.
        expect(items.get(unit('S3').id)).toMatchObject({ target: 90, inherited: true });
        expect(items.get(unit('S3').id)?.status).not.toBe('met');
        expect(items.get(unit('S2').id)?.status).not.toBe('at_risk');
      }
    }
  });
});
