import { randomUUID } from 'node:crypto';
import { ZAuditDetail, ZChecklist } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';
import { openAuditTicketsJob } from './jobs.ts';

const s = setupTestSuite();
const DAY = 86400_000;

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4b00000000049454e44ae426082',
  'hex',
);

const post = (user: string, url: string, payload?: unknown, tenant: TestTenant = s.a) =>
  s.inject({ method: 'POST', url: `/api/v1${url}`, headers: tenant.as(user), payload: payload as object });
const patch = (user: string, url: string, payload: unknown, tenant: TestTenant = s.a) =>
  s.inject({ method: 'PATCH', url: `/api/v1${url}`, headers: tenant.as(user), payload: payload as object });
const get = (user: string, url: string, tenant: TestTenant = s.a) =>
  s.inject({ method: 'GET', url: `/api/v1${url}`, headers: tenant.as(user) });

/** A multipart/form-data body as a phone's file input sends it. */
function multipart(file: Buffer, type: string, itemCode?: string) {
  const boundary = `----loopcx${randomUUID().slice(0, 8)}`;
  const parts: Buffer[] = [];
  if (itemCode)
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="itemCode"\r\n\r\n${itemCode}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
const upload = (user: string, auditId: string, body: ReturnType<typeof multipart>, tenant: TestTenant = s.a) =>
  s.inject({
    method: 'POST',
    url: `/api/v1/audits/${auditId}/photos`,
    headers: { ...tenant.as(user), 'content-type': body.contentType },
    payload: body.payload,
  });

/** Two fatal items (one needs a photo, one a note) and three general ones; weights 5, 5, 2, 1, 1. */
const ITEMS = [
  {
    code: 'F1',
    text: '使用过期食材',
    textEn: 'Expired ingredients used',
    severity: 'fatal',
    weight: 5,
    evidence: 'photo',
  },
  {
    code: 'F2',
    text: '收银少找零',
    textEn: 'Short change at the till',
    severity: 'fatal',
    weight: 5,
    evidence: 'note',
  },
  { code: 'G1', text: '迎宾 10 秒内问候', severity: 'general', weight: 2, section: '迎宾 Greeting' },
  { code: 'G2', text: '桌面清洁', severity: 'general', weight: 1 },
  { code: 'G3', text: '主动介绍新品', severity: 'general', weight: 1 },
];

async function newChecklist(tenant: TestTenant = s.a) {
  const res = await post('owner', '/checklists', { name: '神秘顾客·堂食', unitKinds: ['store'], items: ITEMS }, tenant);
  expect(res.statusCode, res.body).toBe(201);
  return ZChecklist.parse(res.json());
}

async function newAudit(checklistId: string, orgUnitId: string, kind = 'mystery_shop', user = 'owner', tenant = s.a) {
  const res = await post(user, '/audits', { checklistId, orgUnitId, kind }, tenant);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; checklistVersion: number; status: string; inspectorId: string };
}

type R = 'pass' | 'fail' | 'na';
const answers = (r: Record<string, R>, extra: Record<string, { note?: string; photoIds?: string[] }> = {}) =>
  Object.entries(r).map(([code, result]) => ({ code, result, ...extra[code] }));

describe('checklists', () => {
  it('answer 401 without a session, 422 problem+json for bad items, 403 to a store manager', async () => {
    expect((await s.inject({ method: 'GET', url: '/api/v1/checklists' })).statusCode).toBe(401);
    const dup = await post('owner', '/checklists', { name: 'x', items: [ITEMS[0], ITEMS[0]] });
    expect(dup.statusCode).toBe(422);
    expect(problem(dup).invalidParams?.[0].name).toContain('items');
    const bad = await post('owner', '/checklists', { name: 'x', items: [{ ...ITEMS[0], severity: 'deadly' }] });
    expect(problem(bad).status).toBe(422);
    const store = await post('storeManager', '/checklists', { name: 'x', items: ITEMS });
    expect(problem(store).status).toBe(403);
  });

  it('version on item changes only, and keep earlier audits on the version they pinned', async () => {
    const c = await newChecklist();
    expect(c).toMatchObject({ version: 1, archived: false, auditCount: 0, unitKinds: ['store'] });
    expect(c.items[1]).toMatchObject({ code: 'F2', textEn: 'Short change at the till', section: null });
    const a = await newAudit(c.id, s.a.units.S1.id);
    expect(a.checklistVersion).toBe(1);
    const renamed = await patch('admin', `/checklists/${c.id}`, { name: '神秘顾客 v1', items: ITEMS });
    expect(renamed.json()).toMatchObject({ name: '神秘顾客 v1', version: 1, auditCount: 1 });
    const more = await patch('admin', `/checklists/${c.id}`, {
      items: [...ITEMS, { code: 'G4', text: '离店道别', severity: 'general' }],
    });
    expect(more.json()).toMatchObject({ version: 2 });
    const detail = ZAuditDetail.parse((await get('owner', `/audits/${a.id}`)).json());
    expect(detail.items.map((i) => i.code)).toEqual(['F1', 'F2', 'G1', 'G2', 'G3']);
    expect((await get('owner', `/checklists/${c.id}`, s.b)).statusCode).toBe(404);
    await patch('admin', `/checklists/${c.id}`, { archived: true });
    expect((await get('viewer', '/checklists')).json().items.some((x: { id: string }) => x.id === c.id)).toBe(false);
    expect(
      (await get('viewer', '/checklists?archived=true')).json().items.some((x: { id: string }) => x.id === c.id),
    ).toBe(true);
    expect(
      problem(await post('owner', '/audits', { checklistId: c.id, orgUnitId: s.a.units.S1.id, kind: 'sampling' }))
        .status,
    ).toBe(409);
  });
});

describe('audits', () => {
  let checklistId: string;
  beforeAll(async () => {
    checklistId = (await newChecklist()).id;
  });

  it('assign in scope: HQ assigns mystery shops, a store manager only self-inspections of their own store', async () => {
    const bad = await post('owner', '/audits', { checklistId, orgUnitId: s.a.units.S1.id, kind: 'audit' });
    expect(problem(bad).status).toBe(422);
    const region = await post('owner', '/audits', { checklistId, orgUnitId: s.a.units.R1.id, kind: 'sampling' });
    expect(problem(region).invalidParams?.[0].name).toBe('orgUnitId');
    const mystery = await post('storeManager', '/audits', {
      checklistId,
      orgUnitId: s.a.units.S1.id,
      kind: 'mystery_shop',
    });
    expect(problem(mystery).status).toBe(403);
    const other = await post('storeManager', '/audits', {
      checklistId,
      orgUnitId: s.a.units.S3.id,
      kind: 'self_inspection',
    });
    expect(problem(other).status).toBe(404);
    const self = await newAudit(checklistId, s.a.units.S1.id, 'self_inspection', 'storeManager');
    expect(self).toMatchObject({ status: 'assigned', inspectorId: s.a.users.storeManager.id });
    const cross = await post('owner', '/audits', { checklistId, orgUnitId: s.a.units.S1.id, kind: 'sampling' }, s.b);
    expect(problem(cross).status).toBe(404);
  });

  it('an external inspector: named on the audit, no internal inspector; not with inspectorId, not for a self-inspection', async () => {
    const body = { checklistId, orgUnitId: s.a.units.S1.id, kind: 'mystery_shop' };
    const ext = await post('owner', '/audits', { ...body, external: { name: '李暗访', email: 'li@agency.example' } });
    expect(ext.statusCode, ext.body).toBe(201);
    expect(ext.json()).toMatchObject({ inspectorId: null, inspectorName: '李暗访', external: true });
    const both = await post('owner', '/audits', {
      ...body,
      inspectorId: s.a.users.owner.id,
      external: { name: '李暗访' },
    });
    expect(problem(both).status).toBe(422);
    const self = await post('owner', '/audits', {
      ...body,
      kind: 'self_inspection',
      external: { name: '李暗访' },
    });
    expect(problem(self).invalidParams?.[0].name).toBe('external');
    const badMail = await post('owner', '/audits', { ...body, external: { name: 'x', email: 'not-mail' } });
    expect(problem(badMail).status).toBe(422);
  });

  it('a store manager of S1 neither sees nor submits the audit of S3 (404), and lists only S1’s', async () => {
    const s3 = await newAudit(checklistId, s.a.units.S3.id);
    const s1 = await newAudit(checklistId, s.a.units.S1.id, 'self_inspection', 'storeManager');
    expect(problem(await get('storeManager', `/audits/${s3.id}`)).status).toBe(404);
    const submit = await post('storeManager', `/audits/${s3.id}/submit`, {
      results: answers({ F1: 'pass', F2: 'pass', G1: 'pass', G2: 'pass', G3: 'pass' }),
    });
    expect(problem(submit).status).toBe(404);
    expect(problem(await post('storeManager', `/audits/${s3.id}/cancel`)).status).toBe(404);
    expect(problem(await get('owner', `/audits/${s3.id}`, s.b)).status).toBe(404);
    const list = (await get('storeManager', '/audits?limit=200')).json().items as Array<{
      id: string;
      orgUnitId: string;
    }>;
    expect(list.some((a) => a.id === s1.id)).toBe(true);
    expect(list.every((a) => a.orgUnitId === s.a.units.S1.id)).toBe(true);
    const page = await get('owner', '/audits?limit=1');
    expect(page.json().items).toHaveLength(1);
    const next = await get('owner', `/audits?limit=1&cursor=${page.json().nextCursor}`);
    expect(next.json().items[0].id).not.toBe(page.json().items[0].id);
    expect(problem(await get('owner', '/audits?cursor=nonsense')).status).toBe(422);
  });

  it('a store manager cannot fill in the mystery shop of their own store', async () => {
    const a = await newAudit(checklistId, s.a.units.S1.id);
    expect(problem(await post('storeManager', `/audits/${a.id}/check-in`, {})).status).toBe(403);
  });

  it('photos: multipart images checked by their bytes, served back scoped like the audit', async () => {
    const a = await newAudit(checklistId, s.a.units.S1.id);
    const res = await upload('owner', a.id, multipart(PNG, 'image/png', 'F1'));
    expect(res.statusCode, res.body).toBe(201);
    const photo = res.json();
    expect(photo).toMatchObject({ itemCode: 'F1', url: `/api/v1/audits/${a.id}/photos/${photo.id}` });
    const img = await s.inject({ method: 'GET', url: photo.url, headers: s.a.as('viewer') });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.rawPayload.equals(PNG)).toBe(true);
    expect((await s.inject({ method: 'GET', url: photo.url, headers: s.b.as('owner') })).statusCode).toBe(404);
    const html = await upload('owner', a.id, multipart(Buffer.from('<script>alert(1)</script>'), 'image/png'));
    expect(problem(html).status).toBe(422);
    expect(problem(await upload('owner', a.id, multipart(PNG, 'image/png', 'NOPE'))).invalidParams?.[0].name).toBe(
      'itemCode',
    );
    expect(problem(await upload('owner', a.id, multipart(PNG, 'image/png'), s.b)).status).toBe(404);
    const json = await post('owner', `/audits/${a.id}/photos`, { file: 'x' });
    expect(problem(json).status).toBe(415);
  });

  it('submit: every item once, evidence where required, idempotent by key; a fatal fail opens exactly one ticket', async () => {
    const a = await newAudit(checklistId, s.a.units.S1.id);
    const checkIn = await post('owner', `/audits/${a.id}/check-in`, { lat: 31.23, lng: 121.47, accuracyM: 12 });
    expect(checkIn.json().checkIn).toMatchObject({ lat: 31.23, lng: 121.47, distanceM: null });
    const missing = await post('owner', `/audits/${a.id}/submit`, { results: answers({ F1: 'pass', F2: 'pass' }) });
    expect(problem(missing).invalidParams?.map((p) => p.reason)).toContain('G1 is not answered');
    const twice = await post('owner', `/audits/${a.id}/submit`, {
      results: answers({ F1: 'pass', F2: 'pass', G1: 'pass', G2: 'pass', G3: 'pass' }).concat({
        code: 'G3',
        result: 'na',
      }),
    });
    expect(problem(twice).invalidParams?.map((p) => p.reason)).toContain('G3 is answered twice');
    const noEvidence = await post('owner', `/audits/${a.id}/submit`, {
      results: answers({ F1: 'fail', F2: 'fail', G1: 'pass', G2: 'pass', G3: 'pass' }),
    });
    expect(problem(noEvidence).invalidParams?.map((p) => p.name)).toEqual(['results.0.photoIds', 'results.1.note']);
    const photo = (await upload('owner', a.id, multipart(PNG, 'image/png'))).json().id as string;
    const body = {
      results: answers(
        { F1: 'fail', F2: 'pass', G1: 'fail', G2: 'pass', G3: 'na' },
        { F1: { note: '冷柜内两盒牛肉已过期 2 天', photoIds: [photo] } },
      ),
      idempotencyKey: `key-${a.id}`,
    };
    const res = await post('owner', `/audits/${a.id}/submit`, body);
    expect(res.statusCode, res.body).toBe(200);
    const d = ZAuditDetail.parse(res.json());
    // Applicable weight 5+5+2+1 = 13, passed 5+1 = 6.
    expect(d).toMatchObject({ status: 'submitted', fatalFailures: 1, generalFailed: 1, generalApplicable: 2 });
    expect(d.score).toBeCloseTo(6 / 13, 12);
    expect(d.items[0]).toMatchObject({ code: 'F1', result: 'fail', note: '冷柜内两盒牛肉已过期 2 天' });
    expect(d.items[0].photos.map((p) => p.id)).toEqual([photo]);
    const again = await post('owner', `/audits/${a.id}/submit`, body);
    expect(again.statusCode).toBe(200);
    expect(again.json().submittedAt).toBe(d.submittedAt);
    expect(
      problem(await post('owner', `/audits/${a.id}/submit`, { ...body, idempotencyKey: 'another-key' })).status,
    ).toBe(409);
    expect(problem(await post('owner', `/audits/${a.id}/cancel`)).status).toBe(409);

    await s.runJobs([openAuditTicketsJob]);
    await s.runJobs([openAuditTicketsJob]);
    const tickets = (await get('owner', '/tickets?limit=200')).json().items as Array<Record<string, unknown>>;
    const mine = tickets.filter((t) => t.auditId === a.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ source: 'audit', orgUnitId: s.a.units.S1.id, priority: 'high' });
    expect(String(mine[0].title)).toContain('使用过期食材');
    expect(String(mine[0].description)).toContain('冷柜内两盒牛肉已过期 2 天');
    const after = ZAuditDetail.parse((await get('storeManager', `/audits/${a.id}`)).json());
    expect(after.ticketIds).toEqual([mine[0].id]);
    expect(after.items[0].ticketId).toBe(mine[0].id);
    // The store manager the ticket is routed to sees it.
    expect((await get('storeManager', `/tickets/${mine[0].id}`)).statusCode).toBe(200);
  });

  it('cancel only an assigned audit', async () => {
    const a = await newAudit(checklistId, s.a.units.S2.id);
    expect((await post('owner', `/audits/${a.id}/cancel`)).json().status).toBe('cancelled');
    expect(problem(await post('owner', `/audits/${a.id}/check-in`, {})).status).toBe(409);
  });
});

/** Wilson 95 % interval in %, written out here rather than imported. */
function wilsonRef(k: number, n: number): [number, number] {
  const z = 1.959963984540054;
  const p = k / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [(centre - half) * 100, (centre + half) * 100];
}

describe('audit metrics and the self-vs-external gap (tenant B, a hand-computed fixture)', () => {
  let checklistId: string;
  const b = () => s.b;
  beforeAll(async () => {
    checklistId = (await newChecklist(s.b)).id;
    const run = async (unit: 'S1' | 'S2' | 'S3', kind: string, r: Record<string, R>) => {
      const a = await newAudit(checklistId, s.b.units[unit].id, kind, 'owner', s.b);
      const photo =
        r.F1 === 'fail' ? [(await upload('owner', a.id, multipart(PNG, 'image/png'), s.b)).json().id as string] : [];
      const res = await post(
        'owner',
        `/audits/${a.id}/submit`,
        { results: answers(r, { F1: { photoIds: photo } }) },
        s.b,
      );
      expect(res.statusCode, res.body).toBe(200);
    };
    // A1 S1 mystery: fatal fail; general 1 of 3 failed; score (5+1+1)/14 = 50.
    await run('S1', 'mystery_shop', { F1: 'fail', F2: 'pass', G1: 'fail', G2: 'pass', G3: 'pass' });
    // A2 S2 sampling: all pass; general 0 of 3; score 100.
    await run('S2', 'sampling', { F1: 'pass', F2: 'pass', G1: 'pass', G2: 'pass', G3: 'pass' });
    // A3 S3 mystery: no fatal fail; general 2 of 2 failed; score 5/8 = 62.5.
    await run('S3', 'mystery_shop', { F1: 'na', F2: 'pass', G1: 'fail', G2: 'fail', G3: 'na' });
    // A4 S1 self-inspection: all pass, score 100 (not an external audit).
    await run('S1', 'self_inspection', { F1: 'pass', F2: 'pass', G1: 'pass', G2: 'pass', G3: 'pass' });
  });
  const period = () => {
    const now = s.t.clock.now().getTime();
    return {
      from: new Date(now - 2 * DAY).toISOString().slice(0, 10),
      to: new Date(now + 2 * DAY).toISOString().slice(0, 10),
    };
  };
  const query = async (body: Record<string, unknown>, user = 'owner') => {
    const res = await post(user, '/metrics/query', { ...period(), ...body }, b());
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const close = (ci: [number, number], ref: [number, number]) => {
    expect(Math.abs(ci[0] - ref[0])).toBeLessThan(1e-6);
    expect(Math.abs(ci[1] - ref[1])).toBeLessThan(1e-6);
  };

  it('audit.fatal_error_rate: 1 of 3 external audits, Wilson CI; by region 1/2 and 0/1', async () => {
    const r = await query({ metric: 'audit.fatal_error_rate' });
    expect(r.kind).toBe('proportion');
    expect(r.rows[0].n).toBe(3);
    expect(r.rows[0].value).toBeCloseTo(100 / 3, 9);
    close(r.rows[0].ci, wilsonRef(1, 3));
    const byRegion = await query({ metric: 'audit.fatal_error_rate', groupBy: 'children' });
    const row = (id: string) => byRegion.rows.find((x: { key: string }) => x.key === id);
    expect(row(s.b.units.R1.id)).toMatchObject({ value: 50, n: 2 });
    expect(row(s.b.units.R2.id)).toMatchObject({ value: 0, n: 1 });
    close(row(s.b.units.R1.id).ci, wilsonRef(1, 2));
  });

  it('audit.general_error_rate: 3 of 8 applicable general items; by item 2/3, 1/3, 0/2', async () => {
    const r = await query({ metric: 'audit.general_error_rate' });
    expect(r.rows[0]).toMatchObject({ value: 37.5, n: 8 });
    close(r.rows[0].ci, wilsonRef(3, 8));
    const items = await query({ metric: 'audit.general_error_rate', groupBy: 'item' });
    expect(items.rows.map((x: { key: string; n: number }) => [x.key, x.n])).toEqual([
      ['G1', 3],
      ['G2', 3],
      ['G3', 2],
    ]);
    expect(items.rows[0].value).toBeCloseTo(200 / 3, 9);
    expect(items.rows[0].label).toBe('迎宾 10 秒内问候');
    expect(items.rows[2].value).toBe(0);
    const fatal = await query({ metric: 'audit.fatal_error_rate', groupBy: 'item' });
    // F1 applied in A1 and A2 (na in A3), failed in A1.
    expect(fatal.rows.find((x: { key: string }) => x.key === 'F1')).toMatchObject({ value: 50, n: 2 });
  });

  it('audit.score: mean of 50, 100, 62.5 with a t interval; self-inspections alone score 100', async () => {
    const r = await query({ metric: 'audit.score' });
    const xs = [50, 100, 62.5];
    const m = xs.reduce((a, x) => a + x, 0) / 3;
    const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / 2);
    const half = (4.303 * sd) / Math.sqrt(3); // t(0.975, df 2)
    expect(r.kind).toBe('mean');
    expect(r.rows[0].n).toBe(3);
    expect(r.rows[0].value).toBeCloseTo(212.5 / 3, 9);
    close(r.rows[0].ci, [m - half, m + half]);
    const self = await query({ metric: 'audit.score', auditKind: 'self_inspection' });
    expect(self.rows[0]).toMatchObject({ value: 100, n: 1 });
    const byChecklist = await query({ metric: 'audit.score', checklistId: randomUUID() });
    expect(byChecklist.rows[0]).toMatchObject({ value: null, n: 0, suppressed: true });
    const suppressed = await query({ metric: 'audit.score', minN: 4 });
    expect(suppressed.rows[0]).toMatchObject({ value: null, n: 3, suppressed: true });
  });

  it('by day, week and month: the audits of this fixture fall in one bucket, its start as key and label', async () => {
    for (const [groupBy, shape] of [
      ['day', /^\d{4}-\d{2}-\d{2}$/],
      ['week', /^\d{4}-\d{2}-\d{2}$/],
      ['month', /^\d{4}-\d{2}-01$/],
    ] as const) {
      const score = await query({ metric: 'audit.score', groupBy });
      expect(score.rows).toHaveLength(1);
      expect(score.rows[0].key).toMatch(shape);
      expect(score.rows[0].label).toBe(score.rows[0].key);
      expect(score.rows[0].n).toBe(3);
      expect(score.rows[0].value).toBeCloseTo(212.5 / 3, 9);
      const fatal = await query({ metric: 'audit.fatal_error_rate', groupBy });
      expect(fatal.rows[0]).toMatchObject({ key: score.rows[0].key, n: 3 });
      expect(fatal.rows[0].value).toBeCloseTo(100 / 3, 9);
    }
  });

  it('scopes and validates: a store manager sees only their store; audit fields on other metrics are 422', async () => {
    const mine = await query({ metric: 'audit.fatal_error_rate', orgUnitId: s.b.units.S1.id }, 'storeManager');
    expect(mine.rows[0]).toMatchObject({ value: 100, n: 1 });
    const other = await post(
      'storeManager',
      '/metrics/query',
      { ...period(), metric: 'audit.score', orgUnitId: s.b.units.S3.id },
      b(),
    );
    expect(problem(other).status).toBe(404);
    const nps = await post('owner', '/metrics/query', { ...period(), metric: 'nps', groupBy: 'item' }, b());
    expect(problem(nps).invalidParams?.[0].name).toBe('groupBy');
    const kind = await post('owner', '/metrics/query', { ...period(), metric: 'audit.score', auditKind: 'hq' }, b());
    expect(problem(kind).status).toBe(422);
    const touch = await post(
      'owner',
      '/metrics/query',
      { ...period(), metric: 'audit.score', groupBy: 'touchpoint' },
      b(),
    );
    expect(problem(touch).invalidParams?.[0].name).toBe('groupBy');
  });

  it('self-gap: R1 grades itself 100 against 75 from outside; R2 has no self-inspection', async () => {
    const res = await get('owner', `/audits/self-gap?from=${period().from}&to=${period().to}`, b());
    expect(res.statusCode, res.body).toBe(200);
    const row = (id: string) => res.json().rows.find((x: { orgUnitId: string }) => x.orgUnitId === id);
    expect(row(s.b.units.R1.id)).toMatchObject({ selfScore: 100, selfN: 1, externalScore: 75, externalN: 2, gap: 25 });
    expect(row(s.b.units.R2.id)).toMatchObject({
      selfScore: null,
      selfN: 0,
      externalScore: 62.5,
      externalN: 1,
      gap: null,
    });
    expect(
      problem(
        await get(
          'storeManager',
          `/audits/self-gap?from=${period().from}&to=${period().to}&orgUnitId=${s.b.units.HQ.id}`,
          b(),
        ),
      ).status,
    ).toBe(404);
  });
});
