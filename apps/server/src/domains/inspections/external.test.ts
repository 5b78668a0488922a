import { randomUUID } from 'node:crypto';
import { ZPublicAudit } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import { problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';
import { signSurveyToken, verifySurveyToken } from '../surveys/tokens.ts';
import { signAuditToken, verifyAuditToken } from './audit-token.ts';
import { openAuditTicketsJob } from './jobs.ts';

const s = setupTestSuite();

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4b00000000049454e44ae426082',
  'hex',
);
const ITEMS = [
  {
    code: 'F1',
    text: '使用过期食材',
    textEn: 'Expired ingredients used',
    severity: 'fatal',
    weight: 5,
    evidence: 'photo',
  },
  { code: 'G1', text: '迎宾 10 秒内问候', severity: 'general', weight: 2, section: '迎宾 Greeting', evidence: 'note' },
  { code: 'G2', text: '桌面清洁', severity: 'general', weight: 1 },
];

const post = (user: string, url: string, payload?: unknown, tenant: TestTenant = s.a) =>
  s.inject({ method: 'POST', url: `/api/v1${url}`, headers: tenant.as(user), payload: payload as object });
const get = (user: string, url: string, tenant: TestTenant = s.a) =>
  s.inject({ method: 'GET', url: `/api/v1${url}`, headers: tenant.as(user) });
/** The external inspector: no session, only the link. */
const pub = (method: 'GET' | 'POST', path: string, payload?: unknown) =>
  s.inject({ method, url: `/api/v1/public/audits/${path}`, payload: payload as object });

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
const upload = (token: string, body: ReturnType<typeof multipart>) =>
  s.inject({
    method: 'POST',
    url: `/api/v1/public/audits/${token}/photos`,
    headers: { 'content-type': body.contentType },
    payload: body.payload,
  });

let checklistId: string;
beforeAll(async () => {
  const res = await post('owner', '/checklists', { name: '暗访·堂食', unitKinds: ['store'], items: ITEMS });
  expect(res.statusCode, res.body).toBe(201);
  checklistId = res.json().id;
});

async function externalAudit(unit = s.a.units.S1.id) {
  const res = await post('owner', '/audits', {
    checklistId,
    orgUnitId: unit,
    kind: 'mystery_shop',
    external: { name: '暗访员 · 明察调研', email: 'shopper@mingcha.example' },
    dueAt: '2026-12-20T10:00:00+08:00',
  });
  expect(res.statusCode, res.body).toBe(201);
  const a = res.json() as { id: string; url: string | null; external: boolean };
  const token = new URL(a.url!).pathname.split('/')[2];
  return { ...a, token };
}

describe('audit link tokens', () => {
  it('sign tenant and audit; forged, altered, truncated or survey tokens do not verify', () => {
    const secret = 'x'.repeat(32);
    const t = randomUUID();
    const id = randomUUID();
    const token = signAuditToken(secret, t, id);
    expect(token.length).toBeLessThan(80);
    expect(verifyAuditToken(secret, token)).toEqual({ tenantId: t, auditId: id });
    expect(verifyAuditToken('y'.repeat(32), token)).toBeNull();
    const flipped = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
    expect(verifyAuditToken(secret, flipped)).toBeNull();
    expect(verifyAuditToken(secret, token.slice(0, -2))).toBeNull();
    const survey = signSurveyToken(secret, { tenantId: t, surveyId: id });
    expect(verifyAuditToken(secret, survey)).toBeNull();
    expect(verifySurveyToken(secret, token)).toBeNull();
  });
});

describe('external audits through the signed link', () => {
  it('give QA staff an absolute link; a store manager sees the audit without it', async () => {
    const a = await externalAudit();
    expect(a.external).toBe(true);
    expect(a.url).toMatch(new RegExp(`^${s.t.ctx.config.publicUrl}/a/[A-Za-z0-9_-]{40,}$`));
    expect((await get('owner', `/audits/${a.id}`)).json().url).toBe(a.url);
    const seen = await get('storeManager', `/audits/${a.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().url).toBeNull();
    const internal = await post('owner', '/audits', { checklistId, orgUnitId: s.a.units.S1.id, kind: 'sampling' });
    expect(internal.json().url).toBeNull();
    const qr = await get('owner', `/audits/${a.id}/qr`);
    expect(qr.statusCode).toBe(200);
    expect(qr.headers['content-type']).toBe('image/png');
    expect(qr.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    expect(problem(await get('storeManager', `/audits/${a.id}/qr`)).status).toBe(403);
    expect(problem(await get('owner', `/audits/${internal.json().id}/qr`)).status).toBe(409);
    expect(problem(await get('owner', `/audits/${a.id}/qr`, s.b)).status).toBe(404);
  });

  it('answer 404 for a forged, altered or other-tenant token and for an internal audit; 410 once cancelled', async () => {
    const a = await externalAudit();
    expect(problem(await pub('GET', 'not-a-token')).status).toBe(404);
    const altered = a.token.slice(0, 20) + (a.token[20] === 'A' ? 'B' : 'A') + a.token.slice(21);
    expect(problem(await pub('GET', altered)).status).toBe(404);
    // The audit id under tenant B's id: a valid signature, but no such audit in tenant B.
    const cross = signAuditToken(s.t.ctx.config.secret, s.b.tenantId, a.id);
    expect(problem(await pub('GET', cross)).status).toBe(404);
    const internal = (
      await post('owner', '/audits', { checklistId, orgUnitId: s.a.units.S1.id, kind: 'sampling' })
    ).json().id as string;
    expect(problem(await pub('GET', signAuditToken(s.t.ctx.config.secret, s.a.tenantId, internal))).status).toBe(404);
    const page = await s.inject({ method: 'GET', url: `/a/${altered}` });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('This audit link is not valid');
    expect((await post('owner', `/audits/${a.id}/cancel`)).statusCode).toBe(200);
    expect(problem(await pub('GET', a.token)).status).toBe(410);
    expect(problem(await pub('POST', `${a.token}/check-in`, {})).status).toBe(410);
    expect((await s.inject({ method: 'GET', url: `/a/${a.token}` })).statusCode).toBe(410);
  });

  it('show the items zh/en with sections, the unit and due date; check in; refuse bad input as problem+json', async () => {
    const a = await externalAudit();
    const v = ZPublicAudit.parse((await pub('GET', a.token)).json());
    expect(v).toMatchObject({ status: 'assigned', kind: 'mystery_shop', inspectorName: '暗访员 · 明察调研' });
    expect(v.orgUnit.code).toBe(s.a.units.S1.code);
    expect(v.dueAt).toBe('2026-12-20T02:00:00.000Z');
    expect(v.items.map((i) => [i.code, i.textEn, i.section])).toEqual([
      ['F1', 'Expired ingredients used', null],
      ['G1', null, '迎宾 Greeting'],
      ['G2', null, null],
    ]);
    expect(problem(await pub('POST', `${a.token}/check-in`, { lat: 200 })).status).toBe(422);
    expect(problem(await pub('POST', `${a.token}/check-in`, { lat: 22.5, lng: 114, extra: 1 })).status).toBe(422);
    const ci = await pub('POST', `${a.token}/check-in`, { lat: 22.54, lng: 114.05, accuracyM: 20 });
    expect(ci.statusCode, ci.body).toBe(200);
    expect(ci.json().checkIn).toMatchObject({ lat: 22.54, lng: 114.05 });
    expect((await get('owner', `/audits/${a.id}`)).json().checkIn).toMatchObject({ lat: 22.54 });
  });

  it('take photos with the internal limits and byte checks; serve them under the link only', async () => {
    const a = await externalAudit();
    const ok = await upload(a.token, multipart(PNG, 'image/png', 'F1'));
    expect(ok.statusCode, ok.body).toBe(201);
    const photo = ok.json() as { id: string; url: string };
    expect(photo.url).toBe(`/api/v1/public/audits/${a.token}/photos/${photo.id}`);
    const img = await s.inject({ method: 'GET', url: photo.url });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    const html = await upload(a.token, multipart(Buffer.from('<script>alert(1)</script>'), 'image/png'));
    expect(problem(html).invalidParams?.[0].name).toBe('file');
    const big = await upload(a.token, multipart(Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]), 'image/png'));
    expect(big.statusCode).toBe(413);
    expect(problem(await upload(a.token, multipart(PNG, 'image/png', 'NOPE'))).invalidParams?.[0].name).toBe(
      'itemCode',
    );
    const json = await pub('POST', `${a.token}/photos`, { file: 'x' });
    expect(problem(json).status).toBe(415);
    const other = await externalAudit();
    const elsewhere = await s.inject({ method: 'GET', url: `/api/v1/public/audits/${other.token}/photos/${photo.id}` });
    expect(elsewhere.statusCode).toBe(404);
    expect(ZPublicAudit.parse((await pub('GET', a.token)).json()).items[0].photos.map((p) => p.id)).toEqual([photo.id]);
  });

  it('submit with the internal rules, resend with one key, open a ticket from a fatal fail, log the inspector', async () => {
    const a = await externalAudit();
    const results = (photoIds: string[]) => [
      { code: 'F1', result: 'fail', note: '冷柜内牛肉过期 2 天', photoIds },
      { code: 'G1', result: 'fail', note: '无人迎宾' },
      { code: 'G2', result: 'pass' },
    ];
    const noPhoto = await pub('POST', `${a.token}/submit`, { results: results([]), idempotencyKey: 'k-external-1' });
    expect(problem(noPhoto).invalidParams?.map((p) => p.name)).toEqual(['results.0.photoIds']);
    const photo = (await upload(a.token, multipart(PNG, 'image/png'))).json().id as string;
    const body = { results: results([photo]), idempotencyKey: 'k-external-1' };
    const first = await pub('POST', `${a.token}/submit`, body);
    expect(first.statusCode, first.body).toBe(200);
    const done = ZPublicAudit.parse(first.json());
    expect(done).toMatchObject({ status: 'submitted', fatalFailures: 1 });
    expect(done.items[0]).toMatchObject({ result: 'fail', note: '冷柜内牛肉过期 2 天' });
    expect(done.items[0].photos.map((p) => p.id)).toEqual([photo]);
    const again = await pub('POST', `${a.token}/submit`, body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(problem(await pub('POST', `${a.token}/submit`, { ...body, idempotencyKey: 'k-other-key' })).status).toBe(
      409,
    );
    expect(problem(await upload(a.token, multipart(PNG, 'image/png'))).status).toBe(409);
    await s.runJobs([openAuditTicketsJob]);
    const tickets = (await get('owner', '/tickets?limit=200')).json().items as Array<{ auditId?: string }>;
    expect(tickets.filter((t) => t.auditId === a.id)).toHaveLength(1);
    expect((await get('owner', `/audits/${a.id}`)).json()).toMatchObject({ status: 'submitted', fatalFailures: 1 });
    // The submitted link still opens, read-only.
    expect(ZPublicAudit.parse((await pub('GET', a.token)).json()).status).toBe('submitted');
    const log = await rows<{ action: string; actor_kind: string; actor_label: string }>(
      s.t.ctx.db,
      sql`SELECT action, actor_kind, actor_label FROM audit_log
          WHERE tenant_id = ${s.a.tenantId} AND target_id = ${a.id} AND action IN ('audit.photo', 'audit.submit')`,
    );
    expect(log.length).toBeGreaterThanOrEqual(2);
    for (const e of log)
      expect(e).toMatchObject({ actor_kind: 'anonymous', actor_label: 'external inspector 暗访员 · 明察调研' });
  });

  it('keep the link to its own audit: a store in another subtree and internal routes stay closed without a session', async () => {
    const a = await externalAudit(s.a.units.S3.id);
    expect((await pub('GET', a.token)).statusCode).toBe(200);
    expect((await s.inject({ method: 'GET', url: `/api/v1/audits/${a.id}` })).statusCode).toBe(401);
    expect((await get('storeManager', `/audits/${a.id}`)).statusCode).toBe(404);
  });
});
