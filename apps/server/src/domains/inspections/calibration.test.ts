import { type TAuditResult, ZAudit, ZCalibrationReport } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';
import { openAuditTicketsJob } from './jobs.ts';
import { cohensKappa, type Rating } from './kappa.ts';

const s = setupTestSuite();
const DAY = 86400_000;

const post = (user: string, url: string, payload?: unknown, tenant: TestTenant = s.a) =>
  s.inject({ method: 'POST', url: `/api/v1${url}`, headers: tenant.as(user), payload: payload as object });
const get = (user: string, url: string, tenant: TestTenant = s.a) =>
  s.inject({ method: 'GET', url: `/api/v1${url}`, headers: tenant.as(user) });

const ITEMS = [
  { code: 'F1', text: '食材过期', textEn: 'Expired food', severity: 'fatal' },
  { code: 'G1', text: '迎宾问候', severity: 'general' },
  { code: 'G2', text: '桌面清洁', severity: 'general' },
  { code: 'G3', text: '介绍新品', severity: 'general' },
];
const CODES = ['F1', 'G1', 'G2', 'G3'];

const repeat = (n: number, r: Rating): Rating[] => Array.from({ length: n }, () => r);

describe("Cohen's κ", () => {
  it('equals the textbook 2×2 table: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no → p_o 0.7, p_e 0.5, κ 0.4', () => {
    const table = [
      ...repeat(20, ['pass', 'pass']),
      ...repeat(5, ['pass', 'fail']),
      ...repeat(10, ['fail', 'pass']),
      ...repeat(15, ['fail', 'fail']),
    ];
    const k = cohensKappa(table, 50);
    expect(k.observed).toBeCloseTo(0.7, 12);
    expect(k.expected).toBeCloseTo(0.5, 12);
    expect(k.kappa).toBeCloseTo(0.4, 12);
    expect(k).toMatchObject({ pairs: 50, ratings: 50, reason: null });
  });

  it('is 1 for perfect agreement with variation, negative below chance, and undefined without ratings or variation', () => {
    expect(cohensKappa([...repeat(3, ['pass', 'pass']), ['na', 'na'], ['fail', 'fail']], 1).kappa).toBe(1);
    // Always opposite on two categories: p_o 0, p_e 0.5 → κ −1.
    expect(cohensKappa([...repeat(2, ['pass', 'fail']), ...repeat(2, ['fail', 'pass'])], 1).kappa).toBeCloseTo(-1, 12);
    expect(cohensKappa([], 0)).toMatchObject({ kappa: null, observed: null, reason: 'no_pairs', ratings: 0 });
    expect(cohensKappa(repeat(4, ['pass', 'pass']), 2)).toMatchObject({
      kappa: null,
      observed: 1,
      expected: 1,
      reason: 'no_variation',
    });
  });
});

describe('calibration partners', () => {
  let checklistId: string;
  beforeAll(async () => {
    const c = await post('owner', '/checklists', { name: '校准·堂食', items: ITEMS });
    expect(c.statusCode, c.body).toBe(201);
    checklistId = c.json().id;
  });
  const audit = async (unit: 'S1' | 'S2' | 'S3', kind = 'mystery_shop') => {
    const res = await post('owner', '/audits', { checklistId, orgUnitId: s.a.units[unit].id, kind });
    expect(res.statusCode, res.body).toBe(201);
    return ZAudit.parse(res.json());
  };

  it('answer 401, 422 for bad bodies, 404 across tenants, 403 to a store manager', async () => {
    const a = await audit('S1');
    expect(
      (
        await s.inject({
          method: 'POST',
          url: `/api/v1/audits/${a.id}/calibration`,
          payload: { inspectorId: s.a.users.admin.id },
        })
      ).statusCode,
    ).toBe(401);
    expect(problem(await post('owner', `/audits/${a.id}/calibration`, {})).status).toBe(422);
    expect(problem(await post('owner', `/audits/${a.id}/calibration`, { inspectorId: 'x' })).status).toBe(422);
    const extra = { inspectorId: s.a.users.admin.id, kappa: 1 };
    expect(problem(await post('owner', `/audits/${a.id}/calibration`, extra)).status).toBe(422);
    const body = { inspectorId: s.a.users.admin.id };
    expect(problem(await post('owner', `/audits/${a.id}/calibration`, body, s.b)).status).toBe(404);
    expect(problem(await post('owner', '/audits/not-a-uuid/calibration', body)).status).toBe(422);
    expect(problem(await post('storeManager', `/audits/${a.id}/calibration`, body)).status).toBe(403);
    expect(problem(await post('viewer', `/audits/${a.id}/calibration`, body)).status).toBe(403);
  });

  it('assigns a second inspector to the same unit, version and kind; one live partner, no partner of a partner', async () => {
    const a = await audit('S2', 'sampling');
    const res = await post('owner', `/audits/${a.id}/calibration`, { inspectorId: s.a.users.admin.id });
    expect(res.statusCode, res.body).toBe(201);
    const partner = ZAudit.parse(res.json());
    expect(partner).toMatchObject({
      calibrationOf: a.id,
      orgUnitId: a.orgUnitId,
      checklistVersion: a.checklistVersion,
      kind: 'sampling',
      inspectorId: s.a.users.admin.id,
      status: 'assigned',
    });
    expect((await get('owner', `/audits/${a.id}`)).json()).toMatchObject({ calibrationPartnerId: partner.id });
    const again = await post('owner', `/audits/${a.id}/calibration`, { inspectorId: s.a.users.analyst.id });
    expect(problem(again).status).toBe(409);
    const nested = await post('owner', `/audits/${partner.id}/calibration`, { inspectorId: s.a.users.analyst.id });
    expect(problem(nested).status).toBe(409);
    // A cancelled partner may be replaced.
    expect((await post('admin', `/audits/${partner.id}/cancel`)).statusCode).toBe(200);
    expect((await post('owner', `/audits/${a.id}/calibration`, { inspectorId: s.a.users.analyst.id })).statusCode).toBe(
      201,
    );
  });

  it('refuses the same inspector, a user who cannot see the unit or cannot inspect, and self-inspections', async () => {
    const a = await audit('S2');
    const same = await post('owner', `/audits/${a.id}/calibration`, { inspectorId: s.a.users.owner.id });
    expect(problem(same).invalidParams?.[0].name).toBe('inspectorId');
    // The S1 store manager's subtree does not hold S2; an agent may not write inspections; another tenant's user.
    for (const inspectorId of [s.a.users.storeManager.id, s.a.users.agent.id, s.b.users.admin.id]) {
      const res = await post('owner', `/audits/${a.id}/calibration`, { inspectorId });
      expect(problem(res).invalidParams?.[0].name).toBe('inspectorId');
    }
    const self = await audit('S1', 'self_inspection');
    expect(
      problem(await post('owner', `/audits/${self.id}/calibration`, { inspectorId: s.a.users.admin.id })).status,
    ).toBe(409);
  });
});

describe('GET /audits/calibration', () => {
  let checklistId: string;
  const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
  const period = () => `from=${day(-2)}&to=${day(2)}`;

  async function pair(unit: 'S1' | 'S2' | 'S3', partnerUser: string, a: TAuditResult[], b: TAuditResult[] | null) {
    const original = await post('owner', '/audits', {
      checklistId,
      orgUnitId: s.a.units[unit].id,
      kind: 'mystery_shop',
    });
    const id = original.json().id as string;
    const p = await post('owner', `/audits/${id}/calibration`, { inspectorId: s.a.users[partnerUser].id });
    expect(p.statusCode, p.body).toBe(201);
    const results = (r: TAuditResult[]) => CODES.map((code, i) => ({ code, result: r[i] }));
    expect((await post('owner', `/audits/${id}/submit`, { results: results(a) })).statusCode).toBe(200);
    if (b)
      expect((await post(partnerUser, `/audits/${p.json().id}/submit`, { results: results(b) })).statusCode).toBe(200);
    return { id, partnerId: p.json().id as string, results };
  }
  let pending: Awaited<ReturnType<typeof pair>>;

  beforeAll(async () => {
    checklistId = (await post('owner', '/checklists', { name: '校准·κ', items: ITEMS })).json().id;
    // Pair 1 (S1) owner vs admin, pair 2 (S2) owner vs analyst; pair 3 (S3): the partner has not submitted.
    await pair('S1', 'admin', ['pass', 'pass', 'fail', 'na'], ['pass', 'fail', 'fail', 'na']);
    await pair('S2', 'analyst', ['pass', 'pass', 'pass', 'pass'], ['pass', 'pass', 'fail', 'pass']);
    pending = await pair('S3', 'admin', ['fail', 'fail', 'fail', 'fail'], null);
  });

  it('answers 401, 422 for missing or malformed parameters, 404 for another tenant’s checklist', async () => {
    expect(
      (await s.inject({ method: 'GET', url: `/api/v1/audits/calibration?checklistId=${checklistId}&${period()}` }))
        .statusCode,
    ).toBe(401);
    expect(problem(await get('owner', `/audits/calibration?${period()}`)).status).toBe(422);
    expect(
      problem(await get('owner', `/audits/calibration?checklistId=${checklistId}&from=yesterday&to=${day(1)}`)).status,
    ).toBe(422);
    expect(
      problem(await get('owner', `/audits/calibration?checklistId=${checklistId}&from=${day(1)}&to=${day(-1)}`)).status,
    ).toBe(422);
    expect(problem(await get('owner', `/audits/calibration?checklistId=${checklistId}&${period()}&x=1`)).status).toBe(
      422,
    );
    expect(problem(await get('owner', `/audits/calibration?checklistId=${checklistId}&${period()}`, s.b)).status).toBe(
      404,
    );
  });

  it('equals hand-computed κ overall (5/9), per item and per inspector', async () => {
    const res = await get('viewer', `/audits/calibration?checklistId=${checklistId}&${period()}`);
    expect(res.statusCode, res.body).toBe(200);
    const r = ZCalibrationReport.parse(res.json());
    // 8 ratings, 6 alike → p_o 0.75; marginals A (6 pass, 1 fail, 1 na), B (4, 3, 1) → p_e 28/64; κ = 5/9.
    expect(r.overall).toMatchObject({ pairs: 2, ratings: 8, observed: 0.75, expected: 28 / 64, reason: null });
    expect(r.overall.kappa).toBeCloseTo(5 / 9, 12);
    const item = Object.fromEntries(r.items.map((i) => [i.code, i]));
    expect(item.F1).toMatchObject({ pairs: 2, kappa: null, reason: 'no_variation', textEn: 'Expired food' });
    expect(item.G1).toMatchObject({ pairs: 2, observed: 0.5, expected: 0.5, kappa: 0 });
    expect(item.G2).toMatchObject({ observed: 0.5, expected: 0.5, kappa: 0 });
    expect(item.G3).toMatchObject({ observed: 1, expected: 0.5, kappa: 1 });
    const by = Object.fromEntries(r.inspectors.map((i) => [i.inspectorId, i]));
    expect(by[s.a.users.owner.id].kappa).toBeCloseTo(5 / 9, 12);
    expect(by[s.a.users.owner.id].pairs).toBe(2);
    // admin vs owner: p_o 3/4, p_e 5/16 → κ 7/11; analyst vs owner: p_o 3/4, p_e 3/4 → κ 0.
    expect(by[s.a.users.admin.id]).toMatchObject({
      pairs: 1,
      ratings: 4,
      observed: 0.75,
      expected: 5 / 16,
      name: 'admin',
    });
    expect(by[s.a.users.admin.id].kappa).toBeCloseTo(7 / 11, 12);
    expect(by[s.a.users.analyst.id]).toMatchObject({ pairs: 1, observed: 0.75, expected: 0.75, kappa: 0 });
  });

  it('a store manager sees only the pairs of their unit; a period without pairs has no κ', async () => {
    const r = ZCalibrationReport.parse(
      (await get('storeManager', `/audits/calibration?checklistId=${checklistId}&${period()}`)).json(),
    );
    expect(r.overall).toMatchObject({ pairs: 1, ratings: 4, observed: 0.75, expected: 5 / 16 });
    expect(r.overall.kappa).toBeCloseTo(7 / 11, 12);
    expect(r.inspectors.map((i) => i.inspectorId).sort()).toEqual([s.a.users.owner.id, s.a.users.admin.id].sort());
    const past = ZCalibrationReport.parse(
      (await get('owner', `/audits/calibration?checklistId=${checklistId}&from=${day(-30)}&to=${day(-20)}`)).json(),
    );
    expect(past.overall).toMatchObject({ pairs: 0, ratings: 0, kappa: null, reason: 'no_pairs' });
    expect(past.items.every((i) => i.reason === 'no_pairs')).toBe(true);
    expect(past.inspectors).toEqual([]);
  });

  it('one visit, one ticket: a fatal item both inspectors fail is ticketed once, and both audits point at it', async () => {
    await s.runJobs([openAuditTicketsJob]);
    const submitted = await post('admin', `/audits/${pending.partnerId}/submit`, {
      results: pending.results(['fail', 'pass', 'pass', 'pass']),
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    await s.runJobs([openAuditTicketsJob]);
    const original = ZAudit.parse((await get('owner', `/audits/${pending.id}`)).json());
    const partner = ZAudit.parse((await get('owner', `/audits/${pending.partnerId}`)).json());
    expect(original.ticketIds).toHaveLength(1);
    // The partner's result points at the original's ticket; the ticket list names the audit that opened it.
    const tickets = (await get('owner', '/tickets?limit=200')).json().items as Array<{ id: string; auditId: string }>;
    expect(tickets.filter((t) => t.auditId === pending.id || t.auditId === pending.partnerId)).toHaveLength(1);
    const detail = (await get('owner', `/audits/${pending.partnerId}`)).json() as {
      items: Array<{ code: string; ticketId: string | null }>;
    };
    expect(detail.items.find((i) => i.code === 'F1')?.ticketId).toBe(original.ticketIds[0]);
    expect(partner.ticketIds).toEqual([]);
  });
});
