import { randomUUID } from 'node:crypto';
import { wilson } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db.ts';
import { randomToken, sha256 } from '../../platform/passwords.ts';
import { problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';
import { trainingUnitSamples } from './queries/unit-samples.ts';

const s = setupTestSuite();
const DAY = 86400_000;
// 10:00 in Shanghai (the tenants' zone) on 2 March 2026.
const T0 = Date.parse('2026-03-02T02:00:00Z');

const send = (method: string, h: Record<string, string>, url: string, payload?: unknown) =>
  s.inject({ method: method as 'GET', url: `/api/v1${url}`, headers: h, payload: payload as object });

/** A staff member (agent) of a unit with a session. */
async function addStaff(t: TestTenant, unit: 'S1' | 'S3', name: string) {
  const id = randomUUID();
  await s.t.ctx.db.execute(
    sql`INSERT INTO users (tenant_id, id, email, name, role, org_unit_id)
        VALUES (${t.tenantId}, ${id}, ${`${name}-${id.slice(0, 6)}@${t.slug}.test`}, ${name}, 'agent', ${t.units[unit].id})`,
  );
  const token = randomToken();
  await s.t.ctx.db.execute(
    sql`INSERT INTO sessions (id, tenant_id, user_id, expires_at) VALUES (${sha256(token)}, ${t.tenantId}, ${id}, now() + interval '1 day')`,
  );
  return { id, h: { cookie: `lcx_session=${token}`, origin: s.t.ctx.config.publicUrl } };
}

const QUESTION = { code: 'Q1', type: 'true_false', text: '过期食材可以使用', correct: ['false'] };
const RIGHT = { answers: [{ code: 'Q1', values: ['false'] }] };
const WRONG = { answers: [{ code: 'Q1', values: ['true'] }] };

const query = async (body: Record<string, unknown>, t: TestTenant = s.b) => {
  const res = await send('POST', t.as('owner'), '/metrics/query', body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

/**
 * Tenant B, one true/false quiz (pass 100 %, 2 attempts). Day 0: b1, b2, b3 of S1 (under R1) and b4 of S3 (under
 * R2) are assigned. Day 1: b1 passes, b2 fails once. Day 5: b4 fails twice (out of attempts). b3 never starts.
 */
beforeAll(async () => {
  s.t.clock.set(new Date(T0));
  const quiz = await send('POST', s.b.as('owner'), '/training/quizzes', {
    name: '食品安全',
    passMark: 100,
    maxAttempts: 2,
    questions: [QUESTION],
  });
  expect(quiz.statusCode, quiz.body).toBe(201);
  const [b1, b2, b3, b4] = [
    await addStaff(s.b, 'S1', 'b1'),
    await addStaff(s.b, 'S1', 'b2'),
    await addStaff(s.b, 'S1', 'b3'),
    await addStaff(s.b, 'S3', 'b4'),
  ];
  // S1's store manager is staff of S1 too: only b1–b3 there; all of S3's staff (b4).
  for (const [unit, userIds] of [
    ['S1', [b1.id, b2.id, b3.id]],
    ['S3', undefined],
  ] as const) {
    const r = await send('POST', s.b.as('owner'), '/training/assignments', {
      quizId: quiz.json().id,
      orgUnitId: s.b.units[unit].id,
      userIds,
    });
    expect(r.statusCode, r.body).toBe(201);
  }
  const attempt = async (who: { h: Record<string, string> }, body: unknown) => {
    const [a] = (await send('GET', who.h, '/training/my')).json().items;
    const r = await send('POST', who.h, `/training/assignments/${a.id}/attempts`, body);
    expect(r.statusCode, r.body).toBe(201);
  };
  s.t.clock.set(new Date(T0 + DAY));
  await attempt(b1, RIGHT);
  await attempt(b2, WRONG);
  s.t.clock.set(new Date(T0 + 5 * DAY));
  await attempt(b4, WRONG);
  await attempt(b4, WRONG);
  // Day 10: b2 passes on the second attempt (first attempted on day 1, so it counts in the first week).
  s.t.clock.set(new Date(T0 + 10 * DAY));
  await attempt(b2, RIGHT);
});

const WEEK = { from: '2026-03-01', to: '2026-03-08' };

describe('training metrics', () => {
  it('completion rate: 3 of the 4 assignments of the week have an attempt (75 %), by region 2/3 and 1/1', async () => {
    const all = await query({ metric: 'training.completion_rate', orgUnitId: s.b.units.HQ.id, ...WEEK });
    expect(all).toMatchObject({ kind: 'proportion', rows: [{ n: 4, numerator: 3 }] });
    expect(all.rows[0].value).toBeCloseTo(75, 10);
    expect(all.rows[0].ci[0]).toBeCloseTo(wilson(3, 4)[0], 10);
    expect(all.rows[0].ci[1]).toBeCloseTo(wilson(3, 4)[1], 10);
    const byRegion = await query({
      metric: 'training.completion_rate',
      orgUnitId: s.b.units.HQ.id,
      groupBy: 'children',
      ...WEEK,
    });
    const r = Object.fromEntries(byRegion.rows.map((x: { key: string }) => [x.key, x]));
    expect(r[s.b.units.R1.id]).toMatchObject({ n: 3, numerator: 2 });
    expect(r[s.b.units.R1.id].value).toBeCloseTo(200 / 3, 10);
    expect(r[s.b.units.R2.id]).toMatchObject({ n: 1, numerator: 1, value: 100 });
    expect(byRegion.parent).toMatchObject({ n: 4, value: 75 });
    // Min n 2 suppresses R2 (n 1); the week before had no assignment.
    const suppressed = await query({
      metric: 'training.completion_rate',
      orgUnitId: s.b.units.HQ.id,
      groupBy: 'children',
      minN: 2,
      compareTo: 'previous',
      ...WEEK,
    });
    const r2 = suppressed.rows.find((x: { key: string }) => x.key === s.b.units.R2.id);
    expect(r2).toMatchObject({ n: 1, value: null, suppressed: true, previous: null, change: null });
  });

  it('pass rate: of the 3 first attempted that week, b1 and (later) b2 passed, b4 did not: 2/3; by day', async () => {
    const all = await query({ metric: 'training.pass_rate', orgUnitId: s.b.units.HQ.id, ...WEEK });
    expect(all.rows[0]).toMatchObject({ n: 3, numerator: 2 });
    expect(all.rows[0].value).toBeCloseTo(200 / 3, 10);
    const byDay = await query({ metric: 'training.pass_rate', orgUnitId: s.b.units.HQ.id, groupBy: 'day', ...WEEK });
    expect(byDay.rows.map((x: { key: string; n: number; numerator: number }) => [x.key, x.n, x.numerator])).toEqual([
      ['2026-03-03', 2, 2],
      ['2026-03-07', 1, 0],
    ]);
    const s3 = await query({ metric: 'training.pass_rate', orgUnitId: s.b.units.S3.id, ...WEEK });
    expect(s3.rows[0]).toMatchObject({ n: 1, numerator: 0, value: 0 });
    // The next week: b2's second attempt is not a first attempt.
    const later = await query({
      metric: 'training.pass_rate',
      orgUnitId: s.b.units.HQ.id,
      from: '2026-03-08',
      to: '2026-03-15',
    });
    expect(later.rows[0]).toMatchObject({ n: 0, value: null });
  });

  it('answers 422 for bad keys and groupings and 404 for another tenant’s unit', async () => {
    const bad = [
      { metric: 'training.nope', ...WEEK },
      { metric: 'training.pass_rate', groupBy: 'item', ...WEEK },
      { metric: 'training.pass_rate', groupBy: 'touchpoint', ...WEEK },
      { metric: 'training.pass_rate', from: '2026-03-08', to: '2026-03-01' },
    ];
    for (const b of bad) expect(problem(await send('POST', s.b.as('owner'), '/metrics/query', b)).status).toBe(422);
    const foreign = { metric: 'training.pass_rate', orgUnitId: s.b.units.HQ.id, ...WEEK };
    expect(problem(await send('POST', s.a.as('owner'), '/metrics/query', foreign)).status).toBe(404);
    const a = await query({ metric: 'training.pass_rate', ...WEEK }, s.a);
    expect(a.rows[0].n).toBe(0);
  });

  it('gives targets per-unit subtree samples over [from, through)', async () => {
    const units = [s.b.units.R1, s.b.units.S3, s.b.units.R2].map((u) => ({ id: u.id, path: u.path }));
    const m = await trainingUnitSamples(
      s.t.ctx.db,
      s.b.tenantId,
      'training.completion_rate',
      '2026-03-01',
      '2026-03-08',
      units,
    );
    expect(m.get(s.b.units.R1.id)).toEqual({ k: 2, n: 3, sum: 200, sumsq: 20000 });
    expect(m.get(s.b.units.S3.id)).toEqual({ k: 1, n: 1, sum: 100, sumsq: 10000 });
    expect(m.get(s.b.units.R2.id)).toEqual({ k: 1, n: 1, sum: 100, sumsq: 10000 });
    const p = await trainingUnitSamples(
      s.t.ctx.db,
      s.b.tenantId,
      'training.pass_rate',
      '2026-03-01',
      '2026-03-03',
      units,
    );
    expect(p.get(s.b.units.R1.id)).toEqual({ k: 0, n: 0, sum: 0, sumsq: 0 });
    const other = await trainingUnitSamples(
      s.t.ctx.db,
      s.a.tenantId,
      'training.pass_rate',
      '2026-03-01',
      '2026-03-08',
      units,
    );
    expect(other.get(s.b.units.R1.id)?.n).toBe(0);
  });
});
