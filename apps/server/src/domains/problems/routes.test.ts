import { randomUUID } from 'node:crypto';
import { ZProblemDetailResponse } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import { problem, setupTestSuite } from '../../testing/harness.ts';
import { escalateOverdueTasks } from './commands/escalate-overdue-tasks.ts';
import { taskOverdueJob } from './jobs.ts';
import { problemAttention } from './queries/attention.ts';

const s = setupTestSuite();
const NIL = '00000000-0000-0000-0000-000000000000';
const DAY = 86400_000;
let serviceTeam: string;
let qualityTeam: string;
let otherTeam: string;

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4b00000000049454e44ae426082',
  'hex',
);

const post = (user: string, url: string, payload?: unknown, tenant = s.a) =>
  s.inject({ method: 'POST', url: `/api/v1${url}`, headers: tenant.as(user), payload: payload as object });
const get = (user: string, url: string, tenant = s.a) =>
  s.inject({ method: 'GET', url: `/api/v1${url}`, headers: tenant.as(user) });
const iso = (ms: number) => new Date(ms).toISOString();

async function createTeam(tenant: typeof s.a, name: string, memberIds: string[]) {
  const res = await post('admin', '/teams', { name, memberIds }, tenant);
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

/** A problem from HQ's analyst: a task for 客服部 (the agent is its member) and one for store S1 (its manager). */
async function openProblem(title = '高峰期等位时间过长', dues: [number, number] = [3, 1]) {
  const now = s.t.clock.now().getTime();
  const res = await post('analyst', '/problems', {
    title,
    description: '近两周多条工单反映等位超过 40 分钟',
    tasks: [
      { teamId: serviceTeam, title: '梳理排队话术并培训', dueAt: iso(now + dues[0] * DAY) },
      { orgUnitId: s.a.units.S1.id, title: '门店增设叫号屏', dueAt: iso(now + dues[1] * DAY) },
    ],
  });
  expect(res.statusCode).toBe(201);
  return ZProblemDetailResponse.parse(res.json());
}

beforeAll(async () => {
  s.t.clock.set('2026-11-02T02:00:00Z');
  serviceTeam = await createTeam(s.a, '客服部', [s.a.users.agent.id]);
  qualityTeam = await createTeam(s.a, '品控部', [s.a.users.viewer.id]);
  otherTeam = await createTeam(s.b, '客服部', [s.b.users.agent.id]);
});

describe('problems: the contract', () => {
  it('401 without a session; 403 for roles that may not open problems', async () => {
    expect((await s.inject({ method: 'GET', url: '/api/v1/problems' })).statusCode).toBe(401);
    const res = await post('agent', '/problems', { title: 'x', tasks: [] });
    expect(res.statusCode).toBe(403);
    expect(problem(res).status).toBe(403);
  });

  it('422 names each bad field: no tasks array, a task for both a team and a unit, a bad due date', async () => {
    const res = await post('analyst', '/problems', { title: '' });
    expect(res.statusCode).toBe(422);
    expect(
      problem(res)
        .invalidParams!.map((p) => p.name)
        .sort(),
    ).toEqual(['tasks', 'title']);
    const both = await post('analyst', '/problems', {
      title: 'x',
      tasks: [{ teamId: serviceTeam, orgUnitId: s.a.units.S1.id, title: 't', dueAt: 'tomorrow' }],
    });
    expect(both.statusCode).toBe(422);
    expect(problem(both).invalidParams!.map((p) => p.name)).toEqual(['tasks.0.dueAt']);
    const twoOwners = await post('analyst', '/problems', {
      title: 'x',
      tasks: [{ teamId: serviceTeam, orgUnitId: s.a.units.S1.id, title: 't', dueAt: iso(Date.now()) }],
    });
    expect(twoOwners.statusCode).toBe(422);
    expect(problem(twoOwners).invalidParams!.map((p) => p.name)).toEqual(['tasks.0.teamId']);
    const none = await post('analyst', '/problems', { title: 'x', tasks: [{ title: 't', dueAt: iso(Date.now()) }] });
    expect(none.statusCode).toBe(422);
    const typed = await post('analyst', '/problems', { title: 42, tasks: 'all of them', ticketIds: ['nope'] });
    expect(typed.statusCode).toBe(422);
  });

  it("404 for another tenant's team, unit or ticket, and an out-of-scope unit for a regional manager", async () => {
    const due = iso(s.t.clock.now().getTime() + DAY);
    for (const task of [
      { teamId: otherTeam, title: 't', dueAt: due },
      { orgUnitId: s.b.units.S1.id, title: 't', dueAt: due },
    ]) {
      const res = await post('analyst', '/problems', { title: 'x', tasks: [task] });
      expect(res.statusCode).toBe(404);
      problem(res);
    }
    const ticket = await post('analyst', '/problems', { title: 'x', ticketIds: [randomUUID()], tasks: [] });
    expect(ticket.statusCode).toBe(404);
    const outside = await post('manager', '/problems', {
      title: 'x',
      tasks: [{ orgUnitId: s.a.units.S3.id, title: 't', dueAt: due }],
    });
    expect(outside.statusCode).toBe(404);
  });

  it('opens a problem with two department tasks that their owners see in "my tasks"', async () => {
    const p = await openProblem();
    expect(p.number).toBeGreaterThan(0);
    expect(p.status).toBe('open');
    expect(p.tasks.map((t) => [t.ownerName, t.status, t.canWork])).toEqual([
      ['客服部', 'open', false],
      ['Unit S1', 'open', false],
    ]);
    expect(p.canManage).toBe(true);
    expect(p.events.map((e) => e.kind)).toEqual(['created', 'task_created', 'task_created']);
    const agent = (await get('agent', '/problems/tasks/mine')).json().items;
    expect(
      agent.filter((t: { problemId: string }) => t.problemId === p.id).map((t: { title: string }) => t.title),
    ).toEqual(['梳理排队话术并培训']);
    const store = (await get('storeManager', '/problems/tasks/mine')).json().items;
    expect(
      store.filter((t: { problemId: string }) => t.problemId === p.id).map((t: { title: string }) => t.title),
    ).toEqual(['门店增设叫号屏']);
    // The store manager sees the problem through its task, the team's task too, but cannot manage it.
    const seen = (await get('storeManager', `/problems/${p.id}`)).json();
    expect(seen.canManage).toBe(false);
    expect(seen.tasks.map((t: { canWork: boolean }) => t.canWork)).toEqual([false, true]);
    // Another tenant sees nothing of it.
    expect((await get('admin', `/problems/${p.id}`, s.b)).statusCode).toBe(404);
    expect((await get('admin', '/problems', s.b)).json().items.some((x: { id: string }) => x.id === p.id)).toBe(false);
  });
});

describe('problems: the task state machine', () => {
  it('submit by its worker, accept or return by the owner; wrong people 403, wrong states 409', async () => {
    const p = await openProblem('退菜率上升');
    const [team, store] = p.tasks;
    const url = (t: { id: string }, move: string) => `/problems/${p.id}/tasks/${t.id}/${move}`;
    // Another team's member, a store manager on the team's task, the analyst who owns it: not the workers.
    expect((await post('viewer', url(team, 'submit'))).statusCode).toBe(403);
    expect((await post('storeManager', url(team, 'submit'))).statusCode).toBe(403);
    expect((await post('analyst', url(team, 'submit'))).statusCode).toBe(403);
    // Accepting an open task is an illegal transition.
    const early = await post('analyst', url(team, 'accept'));
    expect(early.statusCode).toBe(409);
    problem(early);
    expect((await post('agent', url(team, 'progress'), { progress: 40, note: '话术初稿完成' })).statusCode).toBe(200);
    const submitted = await post('agent', url(team, 'submit'), { note: '已完成培训' });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json().tasks[0]).toMatchObject({ status: 'submitted', progress: 100 });
    expect((await post('agent', url(team, 'submit'))).statusCode).toBe(409);
    // Only the owner accepts; a worker cannot accept their own work.
    expect((await post('agent', url(team, 'accept'))).statusCode).toBe(403);
    expect((await post('storeManager', url(team, 'accept'))).statusCode).toBe(403);
    const noReason = await post('analyst', url(team, 'return'), {});
    expect(noReason.statusCode).toBe(422);
    expect(problem(noReason).invalidParams!.map((x) => x.name)).toEqual(['reason']);
    const returned = await post('analyst', url(team, 'return'), { reason: '缺少培训签到表' });
    expect(returned.json().tasks[0]).toMatchObject({ status: 'returned', returnReason: '缺少培训签到表' });
    expect((await post('agent', url(team, 'submit'))).statusCode).toBe(200);
    const accepted = await post('analyst', url(team, 'accept'));
    expect(accepted.json().tasks[0]).toMatchObject({ status: 'accepted', onTime: true });
    expect((await post('analyst', url(team, 'accept'))).statusCode).toBe(409);
    expect((await post('analyst', url(team, 'return'), { reason: 'x' })).statusCode).toBe(409);
    expect((await post('agent', url(team, 'progress'), { progress: 10 })).statusCode).toBe(409);
    // The store's task: its manager submits.
    expect((await post('storeManager', url(store, 'submit'))).statusCode).toBe(200);
    expect(accepted.json().events.map((e: { kind: string }) => e.kind)).toEqual([
      'created',
      'task_created',
      'task_created',
      'task_progress',
      'task_submitted',
      'task_returned',
      'task_submitted',
      'task_accepted',
    ]);
  });

  it("404 for another tenant's problem, another problem's task, and malformed ids", async () => {
    const p = await openProblem('出餐慢');
    const q = await openProblem('停车难');
    const wrongTask = await post('agent', `/problems/${p.id}/tasks/${q.tasks[0].id}/submit`);
    expect(wrongTask.statusCode).toBe(404);
    expect((await post('agent', `/problems/${p.id}/tasks/${p.tasks[0].id}/submit`, {}, s.b)).statusCode).toBe(404);
    expect((await post('admin', `/problems/${p.id}/close`, {}, s.b)).statusCode).toBe(404);
    expect((await post('agent', `/problems/nope/tasks/${p.tasks[0].id}/submit`)).statusCode).toBe(422);
    expect((await post('agent', `/problems/${p.id}/tasks/${NIL}/submit`)).statusCode).toBe(404);
    const hostile = await post('agent', `/problems/${p.id}/tasks/${p.tasks[0].id}/submit`, { note: 'x', extra: true });
    expect(hostile.statusCode).toBe(422);
  });
});

describe('problems: overdue escalation and the on-time rate', () => {
  it('one task on time, one late: escalated once, notified, and the on-time rate is 50 %', async () => {
    s.t.clock.set('2026-11-10T02:00:00Z');
    const p = await openProblem('外卖包装破损', [3, 1]);
    const [team, store] = p.tasks;
    await post('agent', `/problems/${p.id}/tasks/${team.id}/submit`);
    await post('analyst', `/problems/${p.id}/tasks/${team.id}/accept`);
    // Two days later the store's task (due after one) is overdue.
    s.t.clock.advance(2 * DAY);
    expect(await escalateOverdueTasks(s.t.ctx, { tenantId: s.a.tenantId })).toBeGreaterThanOrEqual(1);
    expect(await escalateOverdueTasks(s.t.ctx, { tenantId: s.a.tenantId })).toBe(0);
    const late = (await get('analyst', `/problems/${p.id}`)).json();
    expect(late.tasks[1]).toMatchObject({
      overdue: true,
      onTime: false,
      escalatedTo: s.a.users.manager.id,
      escalatedToName: 'manager',
    });
    expect(late.events.filter((e: { kind: string }) => e.kind === 'task_overdue')).toHaveLength(1);
    expect(late.onTime).toMatchObject({ onTime: 1, decided: 2, rate: 50 });
    // The overdue job tells the store's manager and the region's manager it was escalated to, once.
    await s.runJobs([taskOverdueJob]);
    await s.runJobs([taskOverdueJob]);
    const sent = await rows<{ recipient: string }>(
      s.t.ctx.db,
      sql`SELECT recipient FROM notifications WHERE tenant_id = ${s.a.tenantId} AND kind = 'task.overdue' AND channel = 'in_app' AND data->>'taskId' = ${store.id} ORDER BY recipient`,
    );
    expect(sent.map((r) => r.recipient)).toEqual([s.a.users.manager.id, s.a.users.storeManager.id].sort());
    // The overdue filter and "my overdue tasks" on the store manager's home.
    const overdue = (await get('analyst', '/problems?overdue=true')).json().items.map((x: { id: string }) => x.id);
    expect(overdue).toContain(p.id);
    const items = await problemAttention(
      s.t.ctx.db,
      {
        tenantId: s.a.tenantId,
        kind: 'user',
        id: s.a.users.storeManager.id,
        role: 'manager',
        orgUnitId: s.a.units.S1.id,
        orgPath: s.a.units.S1.path,
      },
      s.t.clock.now(),
      'zh-CN',
    );
    expect(items.find((i) => i.kind === 'tasks.overdue')).toMatchObject({
      severity: 'high',
      link: '/problems/tasks?overdue=1',
    });
    // …and the same card on the store manager's home page (GET /home runs every module's attention sources).
    const home = (await get('storeManager', '/home?locale=en')).json() as {
      attention: Array<{ kind: string; link: string }>;
    };
    expect(home.attention.find((i) => i.kind === 'tasks.overdue')).toMatchObject({ link: '/problems/tasks?overdue=1' });
    // Submitted late and accepted: still late.
    await post('storeManager', `/problems/${store.id ? p.id : ''}/tasks/${store.id}/submit`);
    const ownerHome = await problemAttention(
      s.t.ctx.db,
      {
        tenantId: s.a.tenantId,
        kind: 'user',
        id: s.a.users.analyst.id,
        role: 'analyst',
        orgUnitId: s.a.units.HQ.id,
        orgPath: s.a.units.HQ.path,
      },
      s.t.clock.now(),
      'en',
    );
    expect(ownerHome.find((i) => i.kind === 'tasks.awaiting_acceptance')?.title).toMatch(/awaiting my acceptance/);
    const done = (await post('analyst', `/problems/${p.id}/tasks/${store.id}/accept`)).json();
    expect(done.tasks.map((t: { onTime: boolean }) => t.onTime)).toEqual([true, false]);
    expect(done.onTime.rate).toBe(50);
  });

  it('per team and per unit, and as the metric tasks.on_time_rate with drill-down by unit', async () => {
    const from = '2026-11-10';
    const to = '2026-11-20';
    const byTeam = (await get('analyst', `/problems/on-time-rate?by=team&from=${from}&to=${to}`)).json();
    expect(byTeam.rows.find((r: { label: string }) => r.label === '客服部')).toMatchObject({
      onTime: 1,
      decided: 1,
      rate: 100,
    });
    const byUnit = (await get('analyst', `/problems/on-time-rate?by=unit&from=${from}&to=${to}`)).json();
    expect(byUnit.rows.find((r: { key: string }) => r.key === s.a.units.R1.id)).toMatchObject({
      onTime: 0,
      decided: 1,
      rate: 0,
    });
    const metric = await post('analyst', '/metrics/query', {
      metric: 'tasks.on_time_rate',
      orgUnitId: s.a.units.C1.id,
      from,
      to,
      groupBy: 'children',
    });
    expect(metric.statusCode).toBe(200);
    const s1 = metric.json().rows.find((r: { key: string }) => r.key === s.a.units.S1.id);
    expect(s1).toMatchObject({ value: 0, n: 1, suppressed: false });
    expect(metric.json().rows.find((r: { key: string }) => r.key === s.a.units.S2.id)).toMatchObject({
      n: 0,
      value: null,
    });
    const outOfScope = await post('manager', '/metrics/query', {
      metric: 'tasks.on_time_rate',
      orgUnitId: s.a.units.S3.id,
      from,
      to,
    });
    expect(outOfScope.statusCode).toBe(404);
    const bad = await get('analyst', `/problems/on-time-rate?by=shoe&from=${to}&to=${from}`);
    expect(bad.statusCode).toBe(422);
  });
});

describe('problems: evidence', () => {
  it('a note and a checked PNG; wrong type 422, too big 413, only workers, downloads in scope', async () => {
    const p = await openProblem('洗手间卫生差评');
    const store = p.tasks[1];
    const url = `/problems/${p.id}/tasks/${store.id}/evidence`;
    expect((await post('storeManager', url, { note: '已增加每小时巡检' })).statusCode).toBe(201);
    const file = { name: '巡检表.png', contentType: 'image/png', data: PNG.toString('base64') };
    const res = await post('storeManager', url, { file });
    expect(res.statusCode).toBe(201);
    const ev = res.json().tasks[1].evidence;
    expect(ev.map((e: { note: string | null; fileName: string | null }) => e.note ?? e.fileName)).toEqual([
      '已增加每小时巡检',
      '巡检表.png',
    ]);
    const dl = await get('analyst', ev[1].url.replace('/api/v1', ''));
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('image/png');
    expect(dl.headers['content-disposition']).toContain("filename*=UTF-8''%E5%B7%A1");
    expect(Buffer.compare(dl.rawPayload, PNG)).toBe(0);
    expect((await get('admin', ev[1].url.replace('/api/v1', ''), s.b)).statusCode).toBe(404);
    // HTML dressed as a PNG, an unknown type, bad base64, nothing at all.
    const html = Buffer.from('<script>alert(1)</script>').toString('base64');
    for (const bad of [
      { file: { ...file, data: html } },
      { file: { ...file, contentType: 'text/html' } },
      { file: { ...file, data: '***' } },
      {},
    ]) {
      const r = await post('storeManager', url, bad);
      expect(r.statusCode).toBe(422);
      problem(r);
    }
    const big = Buffer.alloc(5 * 1024 * 1024 + 10, 0x41);
    PNG.copy(big);
    const tooBig = await post('storeManager', url, { file: { ...file, data: big.toString('base64') } });
    expect(tooBig.statusCode).toBe(413);
    expect((await post('agent', url, { note: 'not mine' })).statusCode).toBe(403);
  });
});

describe('problems: evidence that cannot be recorded', () => {
  it('leaves no file behind in the file store', async () => {
    const p = await openProblem('扫码点餐失败');
    const url = `/problems/${p.id}/tasks/${p.tasks[1].id}/evidence`;
    const stored = async () =>
      (
        await rows<{ n: number }>(
          s.t.ctx.db,
          sql`SELECT count(*)::int AS n FROM stored_files WHERE tenant_id = ${s.a.tenantId} AND id LIKE 'evidence-%'`,
        )
      )[0].n;
    const before = await stored();
    // The recording transaction fails after the file was stored (as when the task is accepted meanwhile).
    await s.t.ctx.db.execute(
      sql`ALTER TABLE problem_task_evidence ADD CONSTRAINT test_refuse CHECK (note IS DISTINCT FROM 'refuse me')`,
    );
    try {
      const file = { name: '截图.png', contentType: 'image/png', data: PNG.toString('base64') };
      const r = await post('storeManager', url, { note: 'refuse me', file });
      expect(r.statusCode).toBeGreaterThanOrEqual(400);
    } finally {
      await s.t.ctx.db.execute(sql`ALTER TABLE problem_task_evidence DROP CONSTRAINT test_refuse`);
    }
    expect(await stored()).toBe(before);
    expect(
      (
        await post('storeManager', url, {
          file: { name: 'ok.png', contentType: 'image/png', data: PNG.toString('base64') },
        })
      ).statusCode,
    ).toBe(201);
    expect(await stored()).toBe(before + 1);
  });
});

describe('problems: closing on a measured action', () => {
  async function rollup(unitId: string, day: string, promoters: number, detractors: number) {
    const n = promoters + detractors;
    await s.t.ctx.db.execute(
      sql`INSERT INTO score_rollups (tenant_id, survey_id, binding, org_unit_id, touchpoint_id, day, n, sum, sumsq, h2, h10)
          VALUES (${s.a.tenantId}, ${NIL}, 'nps', ${unitId}, ${NIL}, ${day}, ${n}, ${promoters * 10 + detractors * 2}, ${promoters * 100 + detractors * 4}, ${detractors}, ${promoters})`,
    );
  }

  it('cannot close while tasks are open; closes once the linked action shows a significant improvement', async () => {
    s.t.clock.set('2026-03-01T08:00:00Z');
    for (let d = 1; d <= 28; d++) {
      const before = `2026-01-${String(d + 3).padStart(2, '0')}`;
      const after = `2026-02-${String(d).padStart(2, '0')}`;
      for (const unit of ['S1', 'S2', 'S3'] as const) await rollup(s.a.units[unit].id, before, 10, 10);
      await rollup(s.a.units.S1.id, after, 16, 4);
      await rollup(s.a.units.S2.id, after, 12, 8);
      await rollup(s.a.units.S3.id, after, 12, 8);
    }
    const p = await openProblem('上菜慢导致贬损');
    const early = await post('analyst', `/problems/${p.id}/close`, {});
    expect(early.statusCode).toBe(409);
    expect(problem(early).detail).toMatch(/Every task must be accepted/);
    // The analyst may not create actions (actions.write); linking an existing one is theirs.
    const create = await post('analyst', `/problems/${p.id}/action`, {
      action: { metric: 'nps', orgUnitIds: [s.a.units.S1.id], startDate: '2026-02-01' },
    });
    expect(create.statusCode).toBe(403);
    const action = await post('admin', '/actions', {
      title: '上菜流程优化',
      metric: 'nps',
      orgUnitIds: [s.a.units.S1.id],
      startDate: '2026-02-01',
    });
    expect((await post('storeManager', `/problems/${p.id}/action`, { actionId: action.json().id })).statusCode).toBe(
      403,
    );
    expect((await post('analyst', `/problems/${p.id}/action`, { actionId: randomUUID() })).statusCode).toBe(404);
    const linked = await post('analyst', `/problems/${p.id}/action`, { actionId: action.json().id });
    expect(linked.statusCode).toBe(200);
    expect(linked.json().action).toMatchObject({ title: '上菜流程优化', closesProblem: true });
    expect(linked.json().action.effect.effect).toBeCloseTo(40, 6);
    const closed = await post('analyst', `/problems/${p.id}/close`, { note: 'NPS 显著提升' });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', closeReason: 'action', closeNote: 'NPS 显著提升' });
    expect(closed.json().closeEffect.significant).toBe(true);
    expect((await post('analyst', `/problems/${p.id}/close`, {})).statusCode).toBe(409);
    expect((await post('agent', `/problems/${p.id}/tasks/${p.tasks[0].id}/submit`)).statusCode).toBe(409);
    const list = (await get('analyst', '/problems?status=closed')).json().items.map((x: { id: string }) => x.id);
    expect(list).toContain(p.id);
    const byTeam = (await get('analyst', `/problems?teamId=${qualityTeam}`)).json().items;
    expect(byTeam).toEqual([]);
  });
});

// Last, so the problems it opens change nothing the tests above count.
describe('problems: numbering', () => {
  it('problems opened at once all succeed, with consecutive numbers', async () => {
    const before = await rows<{ n: number }>(
      s.t.ctx.db,
      sql`SELECT coalesce(max(number), 0)::int AS n FROM problems WHERE tenant_id = ${s.a.tenantId}`,
    );
    const opened = await Promise.all([1, 2, 3, 4].map((i) => openProblem(`同时打开的问题 ${i}`)));
    const numbers = opened.map((p) => p.number).sort((a, b) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4].map((i) => before[0].n + i));
  });
});
