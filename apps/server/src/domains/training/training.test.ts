import { randomUUID } from 'node:crypto';
import { ZAssignmentDetail, ZAssignmentList, ZAttempt, ZMyAssignments, ZQuiz } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db.ts';
import { randomToken, sha256 } from '../../platform/passwords.ts';
import { problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';
import { gradeAttempt } from './grade.ts';
import { assignFromAuditJob } from './jobs.ts';

const s = setupTestSuite();
const DAY = 86400_000;
const T0 = Date.parse('2026-03-02T02:00:00Z');
type Unit = 'S1' | 'S2' | 'S3';

const send = (method: string, user: Record<string, string>, url: string, payload?: unknown) =>
  s.inject({ method: method as 'GET', url: `/api/v1${url}`, headers: user, payload: payload as object });

/** A frontline staff member (role agent) of a unit with a session; returns their id and request headers. */
async function addStaff(t: TestTenant, unit: Unit, name: string) {
  const id = randomUUID();
  await s.t.ctx.db.execute(
    sql`INSERT INTO users (tenant_id, id, email, name, role, org_unit_id)
        VALUES (${t.tenantId}, ${id}, ${`${name.toLowerCase()}-${id.slice(0, 6)}@${t.slug}.test`}, ${name}, 'agent', ${t.units[unit].id})`,
  );
  const token = randomToken();
  await s.t.ctx.db.execute(
    sql`INSERT INTO sessions (id, tenant_id, user_id, expires_at) VALUES (${sha256(token)}, ${t.tenantId}, ${id}, now() + interval '1 day')`,
  );
  return { id, h: { cookie: `lcx_session=${token}`, origin: s.t.ctx.config.publicUrl } };
}

const ITEMS = [
  { code: 'F1', text: '使用过期食材', severity: 'fatal' },
  { code: 'G1', text: '迎宾问候', severity: 'general' },
  { code: 'G2', text: '桌面清洁', severity: 'general' },
];
const QUESTIONS = [
  {
    code: 'Q1',
    type: 'single',
    text: '冷藏温度应为？',
    choices: [
      { value: 'a', text: '0–4℃' },
      { value: 'b', text: '8–10℃' },
    ],
    correct: ['a'],
  },
  {
    code: 'Q2',
    type: 'multiple',
    text: '哪些属于过期食材处理？',
    choices: [
      { value: 'x', text: '立即下架' },
      { value: 'y', text: '继续使用' },
      { value: 'z', text: '登记报废' },
    ],
    correct: ['x', 'z'],
    points: 2,
  },
  { code: 'Q3', type: 'true_false', text: '过期一天的食材可以使用', correct: ['false'] },
];
const RIGHT = [
  { code: 'Q1', values: ['a'] },
  { code: 'Q2', values: ['x', 'z'] },
  { code: 'Q3', values: ['false'] },
];
/** Q2 half right (no partial credit): 2 of 4 points = 50 %. */
const HALF = [
  { code: 'Q1', values: ['a'] },
  { code: 'Q2', values: ['x'] },
  { code: 'Q3', values: ['false'] },
];

let checklistId = '';
let foodQuiz = '';
let serviceQuiz = '';
let staff: Record<'s1a' | 's1b' | 's3a', { id: string; h: Record<string, string> }>;
const as = (u: string, t: TestTenant = s.a) => t.as(u);

beforeAll(async () => {
  s.t.clock.set(new Date(T0));
  const c = await send('POST', as('owner'), '/checklists', { name: '神秘顾客·堂食', items: ITEMS });
  expect(c.statusCode, c.body).toBe(201);
  checklistId = c.json().id;
  staff = {
    s1a: await addStaff(s.a, 'S1', 'Amy'),
    s1b: await addStaff(s.a, 'S1', 'Bo'),
    s3a: await addStaff(s.a, 'S3', 'Cai'),
  };
});

describe('grading', () => {
  it('earns a question’s points only for exactly the correct set; score is % of points', () => {
    const qs = QUESTIONS.map((q) => ({ ...q, points: q.points ?? 1, choices: q.choices ?? [] })) as never;
    expect(gradeAttempt(qs, RIGHT, 60)).toEqual({ score: 100, passed: true, wrong: [] });
    expect(gradeAttempt(qs, HALF, 60)).toEqual({ score: 50, passed: false, wrong: ['Q2'] });
    expect(gradeAttempt(qs, [{ code: 'Q2', values: ['x', 'y', 'z'] }], 50)).toEqual({
      score: 0,
      passed: false,
      wrong: ['Q1', 'Q2', 'Q3'],
    });
    // 3 of 4 points = 75 %: passes 75, fails 76.
    const three = [{ code: 'Q1', values: ['b'] }, ...RIGHT.slice(1)];
    expect(gradeAttempt(qs, three, 75)).toMatchObject({ score: 75, passed: true, wrong: ['Q1'] });
    expect(gradeAttempt(qs, three, 76).passed).toBe(false);
  });
});

describe('quizzes', () => {
  it('QA managers write quizzes linked to checklist items; bad questions and links answer 422, nothing stored', async () => {
    const food = await send('POST', as('owner'), '/training/quizzes', {
      name: '食品安全',
      nameEn: 'Food safety',
      passMark: 60,
      maxAttempts: 2,
      questions: QUESTIONS,
      checklistId,
      itemCodes: ['F1'],
    });
    expect(food.statusCode, food.body).toBe(201);
    const q = ZQuiz.parse(food.json());
    expect(q).toMatchObject({
      version: 1,
      maxAttempts: 2,
      passMark: 60,
      itemCodes: ['F1'],
      checklistName: '神秘顾客·堂食',
    });
    expect(q.questions[2].choices.map((c) => c.value)).toEqual(['true', 'false']);
    foodQuiz = q.id;
    const service = await send('POST', as('analyst'), '/training/quizzes', {
      name: '服务基础',
      passMark: 100,
      questions: [QUESTIONS[2]],
      checklistId,
      itemCodes: ['G1', 'G2'],
    });
    expect(service.statusCode, service.body).toBe(201);
    expect(service.json().maxAttempts).toBe(3);
    serviceQuiz = service.json().id;

    const base = { name: 'x', passMark: 50, questions: QUESTIONS };
    const bad = [
      { ...base, questions: [{ ...QUESTIONS[0], correct: ['c'] }] },
      { ...base, questions: [{ ...QUESTIONS[0], correct: ['a', 'b'] }] },
      { ...base, questions: [{ ...QUESTIONS[0], choices: [{ value: 'a', text: 'only' }] }] },
      { ...base, questions: [QUESTIONS[0], QUESTIONS[0]] },
      { ...base, passMark: 0 },
      { ...base, passMark: '60' },
      { ...base, maxAttempts: 21 },
      { ...base, admin: true },
      { ...base, itemCodes: ['F1'] },
      { ...base, checklistId, itemCodes: ['NOPE'] },
      { ...base, name: 'x'.repeat(121) },
    ];
    for (const body of bad)
      expect(problem(await send('POST', as('owner'), '/training/quizzes', body)).status).toBe(422);
    expect(
      problem(await send('POST', as('owner'), '/training/quizzes', { ...base, checklistId: randomUUID() })).status,
    ).toBe(404);
    // A store manager does not write quizzes; an agent does not read them; another tenant does not see them.
    expect((await send('POST', as('storeManager'), '/training/quizzes', base)).statusCode).toBe(403);
    expect((await send('GET', as('agent'), '/training/quizzes')).statusCode).toBe(403);
    expect((await send('GET', as('owner', s.b), `/training/quizzes/${foodQuiz}`)).statusCode).toBe(404);
    const list = (await send('GET', as('viewer'), '/training/quizzes')).json().items as Array<{ id: string }>;
    expect(list.map((x) => x.id).sort()).toEqual([foodQuiz, serviceQuiz].sort());
    const byItem = (await send('GET', as('viewer'), `/training/quizzes?checklistId=${checklistId}&itemCode=G2`)).json();
    expect(byItem.items.map((x: { id: string }) => x.id)).toEqual([serviceQuiz]);
  });
});

describe('assignments and attempts', () => {
  let mine = '';
  let hers = '';
  it('a store manager assigns a quiz to their store’s staff; outside their store is 404', async () => {
    const res = await send('POST', as('storeManager'), '/training/assignments', {
      quizId: foodQuiz,
      orgUnitId: s.a.units.S1.id,
      userIds: [staff.s1a.id, staff.s1b.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    const items = res.json().items as Array<{ id: string; userId: string; status: string; dueAt: string }>;
    expect(items.map((i) => i.userId).sort()).toEqual([staff.s1a.id, staff.s1b.id].sort());
    expect(items[0]).toMatchObject({ status: 'open', dueAt: new Date(T0 + 7 * DAY).toISOString() });
    mine = items.find((i) => i.userId === staff.s1a.id)!.id;
    hers = items.find((i) => i.userId === staff.s1b.id)!.id;
    // Again: both hold an open assignment of the quiz, so both are skipped.
    const again = await send('POST', as('storeManager'), '/training/assignments', {
      quizId: foodQuiz,
      orgUnitId: s.a.units.S1.id,
      userIds: [staff.s1a.id],
    });
    expect(again.json()).toMatchObject({ items: [], skipped: [staff.s1a.id] });
    const out = { quizId: foodQuiz, orgUnitId: s.a.units.S3.id };
    expect(problem(await send('POST', as('storeManager'), '/training/assignments', out)).status).toBe(404);
    const wrong = [
      { quizId: foodQuiz, orgUnitId: s.a.units.S1.id, userIds: [staff.s3a.id] },
      { quizId: foodQuiz, orgUnitId: s.a.units.S1.id, dueAt: new Date(T0 - DAY).toISOString() },
      { quizId: foodQuiz, orgUnitId: s.a.units.S1.id, itemCode: 'F1' },
      { quizId: 'x', orgUnitId: s.a.units.S1.id },
      { quizId: foodQuiz, orgUnitId: s.a.units.S1.id, extra: 1 },
    ];
    const before = (await send('GET', as('owner'), '/training/assignments')).json().total;
    for (const b of wrong)
      expect(problem(await send('POST', as('owner'), '/training/assignments', b)).status).toBe(422);
    expect(
      problem(await send('POST', as('owner'), '/training/assignments', { ...out, quizId: randomUUID() })).status,
    ).toBe(404);
    expect((await send('POST', as('agent'), '/training/assignments', out)).statusCode).toBe(403);
    expect((await send('GET', as('owner'), '/training/assignments')).json().total).toBe(before);
  });

  it('the taker sees the quiz without answers; only the assignee attempts', async () => {
    const my = ZMyAssignments.parse((await send('GET', staff.s1a.h, '/training/my')).json());
    expect(my.items.map((i) => i.id)).toEqual([mine]);
    const res = await send('GET', staff.s1a.h, `/training/assignments/${mine}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toContain('correct":[');
    expect(ZAssignmentDetail.parse(res.json())).toMatchObject({ correct: null, attempts: [] });
    // Another staff member cannot see or attempt it; the store manager sees it but cannot attempt it.
    expect((await send('GET', staff.s1b.h, `/training/assignments/${mine}`)).statusCode).toBe(404);
    expect(
      (await send('POST', staff.s1b.h, `/training/assignments/${mine}/attempts`, { answers: RIGHT })).statusCode,
    ).toBe(404);
    expect((await send('GET', as('storeManager'), `/training/assignments/${mine}`)).statusCode).toBe(200);
    expect(
      (await send('POST', as('storeManager'), `/training/assignments/${mine}/attempts`, { answers: RIGHT })).statusCode,
    ).toBe(403);
    expect((await send('GET', as('owner', s.b), `/training/assignments/${mine}`)).statusCode).toBe(404);
  });

  it('grades on the server: fail, replay, retake and pass; answers shown once passed; then 409', async () => {
    const hostile = [
      { answers: [{ code: 'Q9', values: ['a'] }] },
      { answers: [{ code: 'Q1', values: ['a', 'b'] }] },
      { answers: [{ code: 'Q1', values: ['zz'] }] },
      {
        answers: [
          { code: 'Q1', values: ['a'] },
          { code: 'Q1', values: ['a'] },
        ],
      },
      { answers: 'all right' },
      { answers: RIGHT, score: 100 },
      { answers: RIGHT, idempotencyKey: 'k'.repeat(81) },
    ];
    for (const b of hostile)
      expect(problem(await send('POST', staff.s1a.h, `/training/assignments/${mine}/attempts`, b)).status).toBe(422);
    expect((await send('GET', staff.s1a.h, `/training/assignments/${mine}`)).json().attempts).toEqual([]);

    s.t.clock.set(new Date(T0 + DAY));
    const first = await send('POST', staff.s1a.h, `/training/assignments/${mine}/attempts`, {
      answers: HALF,
      idempotencyKey: 'a1',
    });
    expect(first.statusCode, first.body).toBe(201);
    const a1 = ZAttempt.parse(first.json());
    expect(a1).toMatchObject({ number: 1, score: 50, passed: false, wrong: ['Q2'], replay: false, correct: null });
    expect(a1.assignment).toMatchObject({ status: 'open', attempts: 1, bestScore: 50 });
    const replay = await send('POST', staff.s1a.h, `/training/assignments/${mine}/attempts`, {
      answers: RIGHT,
      idempotencyKey: 'a1',
    });
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toMatchObject({ id: a1.id, number: 1, score: 50, replay: true });
    const second = ZAttempt.parse(
      (await send('POST', staff.s1a.h, `/training/assignments/${mine}/attempts`, { answers: RIGHT })).json(),
    );
    expect(second).toMatchObject({ number: 2, score: 100, passed: true, wrong: [] });
    expect(second.assignment).toMatchObject({ status: 'passed', attempts: 2, bestScore: 100 });
    expect(second.correct).toEqual({ Q1: ['a'], Q2: ['x', 'z'], Q3: ['false'] });
    expect(
      problem(await send('POST', staff.s1a.h, `/training/assignments/${mine}/attempts`, { answers: RIGHT })).status,
    ).toBe(409);
  });

  it('out of attempts the assignment is failed and shows the answers; a quiz edit keeps past scores', async () => {
    for (const n of [1, 2]) {
      const r = await send('POST', staff.s1b.h, `/training/assignments/${hers}/attempts`, { answers: [] });
      expect(r.json()).toMatchObject({ number: n, score: 0, passed: false });
    }
    const d = ZAssignmentDetail.parse((await send('GET', staff.s1b.h, `/training/assignments/${hers}`)).json());
    expect(d.assignment.status).toBe('failed');
    expect(d.correct?.Q2).toEqual(['x', 'z']);
    expect(
      problem(await send('POST', staff.s1b.h, `/training/assignments/${hers}/attempts`, { answers: RIGHT })).status,
    ).toBe(409);
    // Failed out of attempts: a new assignment of the quiz is allowed.
    const re = await send('POST', as('owner'), '/training/assignments', {
      quizId: foodQuiz,
      orgUnitId: s.a.units.S1.id,
      userIds: [staff.s1b.id],
    });
    expect(re.json().items).toHaveLength(1);

    const patched = await send('PATCH', as('owner'), `/training/quizzes/${foodQuiz}`, {
      questions: [QUESTIONS[0]],
      passMark: 100,
    });
    expect(patched.json()).toMatchObject({ version: 2, passMark: 100 });
    const after = ZAssignmentDetail.parse((await send('GET', staff.s1a.h, `/training/assignments/${mine}`)).json());
    expect(after.attempts.map((x) => [x.number, x.score, x.passed])).toEqual([
      [1, 50, false],
      [2, 100, true],
    ]);
    // The answers shown are those of the version the taker answered.
    expect(Object.keys(after.correct ?? {})).toEqual(['Q1', 'Q2', 'Q3']);
    await send('PATCH', as('owner'), `/training/quizzes/${foodQuiz}`, { questions: QUESTIONS, passMark: 60 });
  });
});

describe('from an audit’s failed items', () => {
  /** Submits a mystery shop of S1 failing the given items. */
  async function shop(fail: string[]) {
    const created = await send('POST', as('owner'), '/audits', {
      checklistId,
      orgUnitId: s.a.units.S1.id,
      kind: 'mystery_shop',
    });
    const id = created.json().id as string;
    const results = ITEMS.map((i) => ({ code: i.code, result: fail.includes(i.code) ? 'fail' : 'pass' }));
    const res = await send('POST', as('owner'), `/audits/${id}/submit`, { results });
    expect(res.statusCode, res.body).toBe(200);
    return id;
  }
  const ofAudit = async (auditId: string) =>
    ZAssignmentList.parse((await send('GET', as('owner'), `/training/assignments?auditId=${auditId}`)).json()).items;

  it('assigns the quizzes training the failed items to the unit’s staff, once, without duplicates', async () => {
    s.t.clock.set(new Date(T0 + 2 * DAY));
    const auditId = await shop(['F1', 'G2']);
    await s.runJobs([assignFromAuditJob]);
    const made = await ofAudit(auditId);
    // S1's staff: Amy and Bo and the store manager. Food safety: Amy passed hers, Bo holds an open one (reassigned
    // above) → only Amy and the store manager; service basics: all three.
    const food = made
      .filter((m) => m.quizId === foodQuiz)
      .map((m) => m.userName)
      .sort();
    const service = made
      .filter((m) => m.quizId === serviceQuiz)
      .map((m) => m.userName)
      .sort();
    expect(food).toEqual(['Amy', 'storeManager']);
    expect(service).toEqual(['Amy', 'Bo', 'storeManager']);
    expect(made.find((m) => m.quizId === foodQuiz)).toMatchObject({
      itemCode: 'F1',
      status: 'open',
      orgUnitId: s.a.units.S1.id,
    });
    expect(made.find((m) => m.quizId === serviceQuiz)?.itemCode).toBe('G2');
    // The job again, and a second failing audit: nobody is assigned twice.
    await s.t.ctx.db.execute(
      sql`INSERT INTO jobs (tenant_id, kind, payload) VALUES (${s.a.tenantId}, 'training.assign-from-audit', ${JSON.stringify({ auditId })}::jsonb)`,
    );
    const second = await shop(['G1']);
    await s.runJobs([assignFromAuditJob]);
    expect(await ofAudit(auditId)).toHaveLength(5);
    expect(await ofAudit(second)).toEqual([]);
    // A passing audit assigns nothing (no job is written).
    const clean = await shop([]);
    expect(await s.runJobs([assignFromAuditJob])).toBe(0);
    expect(await ofAudit(clean)).toEqual([]);
  });

  it('lists are scoped: the store manager sees S1 only, the region manager R1, other tenants nothing', async () => {
    const units = async (user: string, t: TestTenant = s.a, q = '') =>
      new Set(
        ZAssignmentList.parse((await send('GET', as(user, t), `/training/assignments${q}`)).json()).items.map(
          (i) => i.orgUnitId,
        ),
      );
    await send('POST', as('owner'), '/training/assignments', { quizId: serviceQuiz, orgUnitId: s.a.units.S3.id });
    expect(await units('storeManager')).toEqual(new Set([s.a.units.S1.id]));
    expect(await units('manager')).toEqual(new Set([s.a.units.S1.id]));
    expect(await units('owner')).toEqual(new Set([s.a.units.S1.id, s.a.units.S3.id]));
    expect(await units('owner', s.b)).toEqual(new Set());
    expect(
      problem(await send('GET', as('storeManager'), `/training/assignments?orgUnitId=${s.a.units.S3.id}`)).status,
    ).toBe(404);
    expect(problem(await send('GET', as('owner'), '/training/assignments?status=late')).status).toBe(422);
    expect((await send('GET', as('agent'), '/training/assignments')).statusCode).toBe(403);
    // Past due, an open assignment shows overdue (and may still be taken).
    s.t.clock.set(new Date(T0 + 20 * DAY));
    const overdue = ZAssignmentList.parse(
      (await send('GET', as('owner'), '/training/assignments?status=overdue')).json(),
    );
    expect(overdue.items.length).toBeGreaterThan(0);
    expect(overdue.items.every((i) => i.status === 'overdue')).toBe(true);
  });
});
