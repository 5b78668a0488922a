import { randomUUID } from 'node:crypto';
import { ZChecklist, ZItemFailures, ZProblemResponse } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';
import { repeatFailuresJob } from './jobs.ts';

const s = setupTestSuite();
const DAY = 86400_000;
const T0 = Date.parse('2026-03-02T02:00:00Z');

const post = (user: string, url: string, payload?: unknown, tenant: TestTenant = s.a) =>
  s.inject({ method: 'POST', url: `/api/v1${url}`, headers: tenant.as(user), payload: payload as object });
const get = (user: string, url: string, tenant: TestTenant = s.a) =>
  s.inject({ method: 'GET', url: `/api/v1${url}`, headers: tenant.as(user) });

const ITEMS = [
  { code: 'F1', text: '使用过期食材', severity: 'fatal' },
  { code: 'G1', text: '迎宾 10 秒内问候', textEn: 'Greeted within 10 s', severity: 'general', evidence: 'note' },
  { code: 'G2', text: '桌面清洁', severity: 'general' },
];
type Unit = 'S1' | 'S2' | 'S3';

/** Submits a mystery shop of `unit` on day `day` after T0 failing G1 (with a note) or passing everything. */
async function shop(checklistId: string, unit: Unit, day: number, failG1 = true, tenant: TestTenant = s.a) {
  s.t.clock.set(new Date(T0 + day * DAY));
  const created = await post(
    'owner',
    '/audits',
    { checklistId, orgUnitId: tenant.units[unit].id, kind: 'mystery_shop' },
    tenant,
  );
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  const results = [
    { code: 'F1', result: 'pass' },
    failG1 ? { code: 'G1', result: 'fail', note: `${unit} 第 ${day} 天无人迎宾` } : { code: 'G1', result: 'pass' },
    { code: 'G2', result: 'pass' },
  ];
  const res = await post('owner', `/audits/${id}/submit`, { results }, tenant);
  expect(res.statusCode, res.body).toBe(200);
  return id;
}

async function auditProblems(tenant: TestTenant = s.a) {
  const res = await get('owner', '/problems', tenant);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as unknown[]).map((p) => ZProblemResponse.parse(p)).filter((p) => p.source === 'audit');
}

let checklistId = '';
beforeAll(async () => {
  const res = await post('owner', '/checklists', {
    name: '神秘顾客·堂食',
    items: ITEMS,
    ownerId: s.a.users.analyst.id,
  });
  expect(res.statusCode, res.body).toBe(201);
  checklistId = res.json().id;
});

describe('the repeat rule on a checklist', () => {
  it('defaults to 3 failures in 30 days; the owner must be an active user who may own problems', async () => {
    const c = ZChecklist.parse((await get('owner', `/checklists/${checklistId}`)).json());
    expect(c).toMatchObject({ ownerId: s.a.users.analyst.id, repeatThreshold: 3, repeatWindowDays: 30 });
    const agent = await post('owner', '/checklists', { name: 'x', items: ITEMS, ownerId: s.a.users.agent.id });
    expect(problem(agent).invalidParams?.[0]?.name).toBe('ownerId');
    const foreign = await post('owner', '/checklists', { name: 'x', items: ITEMS, ownerId: s.b.users.admin.id });
    expect(problem(foreign).status).toBe(422);
    expect(problem(await post('owner', '/checklists', { name: 'x', items: ITEMS, repeatThreshold: 1 })).status).toBe(
      422,
    );
    expect(
      problem(await post('owner', '/checklists', { name: 'x', items: ITEMS, repeatWindowDays: '30' })).status,
    ).toBe(422);
    const changed = await s.inject({
      method: 'PATCH',
      url: `/api/v1/checklists/${checklistId}`,
      headers: s.a.as('owner'),
      payload: { repeatThreshold: 3, repeatWindowDays: 30 },
    });
    expect(changed.json()).toMatchObject({ repeatThreshold: 3, repeatWindowDays: 30, version: 1 });
  });
});

describe('repeated general failures → one problem for the process owner', () => {
  const ids: string[] = [];
  it('counts only failures within the window ending at the submit', async () => {
    ids.push(await shop(checklistId, 'S1', 0));
    ids.push(await shop(checklistId, 'S2', 10));
    await shop(checklistId, 'S3', 20, false);
    await s.runJobs([repeatFailuresJob]);
    expect(await auditProblems()).toEqual([]);
    // Day 45: the failures of days 0 and 10 lie outside the 30 days before it.
    ids.push(await shop(checklistId, 'S3', 45));
    ids.push(await shop(checklistId, 'S1', 50));
    await s.runJobs([repeatFailuresJob]);
    expect(await auditProblems()).toEqual([]);
  });

  it('the third failure within 30 days opens one problem owned by the process owner, with the audits as evidence', async () => {
    ids.push(await shop(checklistId, 'S2', 55));
    await s.runJobs([repeatFailuresJob]);
    await s.runJobs([repeatFailuresJob]);
    const [p, ...more] = await auditProblems();
    expect(more).toEqual([]);
    expect(p).toMatchObject({
      status: 'open',
      ownerId: s.a.users.analyst.id,
      title: '重复不合格：迎宾 10 秒内问候 / Repeated failure: Greeted within 10 s',
      sourceAudit: { checklistId, code: 'G1', auditIds: ids.slice(2) },
    });
    // The owner sees it in their own list; a store manager of S1 (outside the owner's unit) does not.
    expect((await get('analyst', `/problems/${p.id}`)).statusCode).toBe(200);
    expect((await get('storeManager', `/problems/${p.id}`)).statusCode).toBe(404);
  });

  it('a further failure updates the open problem instead of opening another', async () => {
    ids.push(await shop(checklistId, 'S1', 56));
    await s.runJobs([repeatFailuresJob]);
    const list = await auditProblems();
    expect(list).toHaveLength(1);
    expect(list[0].sourceAudit?.auditIds).toEqual(ids.slice(2));
    const detail = (await get('analyst', `/problems/${list[0].id}`)).json();
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['created', 'audit_failures']),
    );
  });

  it('without an owner the checklist’s author owns the problem; another tenant’s failures stay there', async () => {
    const other = await post('owner', '/checklists', { name: '抽检', items: ITEMS, repeatThreshold: 2 }, s.b);
    const otherId = other.json().id as string;
    await shop(otherId, 'S1', 60, true, s.b);
    await shop(otherId, 'S3', 61, true, s.b);
    await s.runJobs([repeatFailuresJob]);
    const [p] = await auditProblems(s.b);
    expect(p).toMatchObject({ ownerId: s.b.users.owner.id, sourceAudit: { checklistId: otherId, code: 'G1' } });
    expect(await auditProblems()).toHaveLength(1);
  });
});

describe('GET /checklists/:id/items/:code/failures', () => {
  const url = (q = '') => `/checklists/${checklistId}/items/G1/failures${q}`;
  it('answers 401, 422 for bad input, 404 for another tenant’s checklist', async () => {
    expect((await s.inject({ method: 'GET', url: `/api/v1${url()}` })).statusCode).toBe(401);
    expect(problem(await get('owner', `/checklists/${checklistId}/items/G%201/failures`)).status).toBe(422);
    expect(problem(await get('owner', url('?limit=0'))).status).toBe(422);
    expect(problem(await get('owner', url('?kind=audit'))).status).toBe(422);
    expect(problem(await get('owner', url('?cursor=bm9wZQ'))).status).toBe(422);
    expect(problem(await get('owner', url(), s.b)).status).toBe(404);
    expect(problem(await get('owner', `/checklists/${randomUUID()}/items/G1/failures`)).status).toBe(404);
  });

  it('pages the failing audits newest first with the note as evidence', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get('owner', url(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`));
      expect(res.statusCode, res.body).toBe(200);
      const page = ZItemFailures.parse(res.json());
      expect(page.item?.code).toBe('G1');
      expect(page.items.length).toBeLessThanOrEqual(2);
      for (const f of page.items) {
        const day = (Date.parse(f.audit.submittedAt!) - T0) / DAY;
        expect(f.note).toMatch(new RegExp(`^S[123] 第 ${day} 天无人迎宾$`));
      }
      seen.push(...page.items.map((f) => f.audit.submittedAt!));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it('scopes to the caller: a store manager of S1 sees only S1’s failures; a unit filter and a period narrow', async () => {
    const mine = ZItemFailures.parse((await get('storeManager', url())).json());
    expect(mine.items.map((f) => f.audit.orgUnitId)).toEqual([s.a.units.S1.id, s.a.units.S1.id, s.a.units.S1.id]);
    expect(problem(await get('storeManager', url(`?orgUnitId=${s.a.units.S3.id}`))).status).toBe(404);
    const s3 = ZItemFailures.parse((await get('owner', url(`?orgUnitId=${s.a.units.S3.id}`))).json());
    expect(s3.items).toHaveLength(1);
    const from = new Date(T0 + 50 * DAY).toISOString();
    const recent = ZItemFailures.parse((await get('owner', url(`?from=${encodeURIComponent(from)}`))).json());
    expect(recent.items).toHaveLength(3);
    const g2 = ZItemFailures.parse((await get('owner', `/checklists/${checklistId}/items/G2/failures`)).json());
    expect(g2.items).toEqual([]);
  });
});
