import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import { problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';
import { visitorSampledIn } from './commands/show-intercept.ts';

const env = setupTestSuite();
const SHOP = 'https://shop.example.com';
let key: { id: string; key: string };
let otherKey: { id: string; key: string };
let surveyId: string;
let draftSurveyId: string;

const api = (
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  as: Record<string, string>,
  payload?: unknown,
) => env.inject({ method, url: `/api/v1${url}`, headers: as, payload: payload as Record<string, unknown> });

const DEF = {
  title: { default: '支付体验回访', en: 'How was paying?' },
  locale: 'zh-cn',
  elements: [
    { type: 'rating', name: 'csat', title: '满意吗？', rateMin: 1, rateMax: 5, isRequired: true },
    { type: 'comment', name: 'comment', title: '遇到了什么问题？' },
  ],
};

const newSurvey = async (t: TestTenant, publish: boolean) => {
  const s = await api('POST', '/surveys', t.as('admin'), {
    name: '支付体验回访',
    definition: DEF,
    bindings: { csat: 'csat' },
  });
  expect(s.statusCode).toBe(201);
  if (publish) expect((await api('POST', `/surveys/${s.json().id}/publish`, t.as('admin'))).statusCode).toBe(200);
  return s.json().id as string;
};

const intercept = (body: Record<string, unknown> = {}, t = env.a) =>
  api('POST', '/intercepts', t.as('admin'), {
    name: '支付失败 3 次',
    surveyId,
    display: 'modal',
    conditions: { urls: [], event: { type: 'payment.failed', minCount: 3, where: [] } },
    ...body,
  });

/** A browser on `origin` asking the public SDK routes (null: no Origin header). */
const sdk = (
  method: 'GET' | 'POST' | 'OPTIONS',
  path: string,
  opts: { origin?: string | null; k?: string; body?: unknown; raw?: string; type?: string } = {},
) =>
  env.inject({
    method,
    url: `/sdk/v1${path}${path.includes('?') ? '&' : '?'}key=${encodeURIComponent(opts.k ?? key.key)}`,
    headers: {
      ...(opts.origin === null ? {} : { origin: opts.origin ?? SHOP }),
      ...(method === 'POST' ? { 'content-type': opts.type ?? 'text/plain' } : {}),
    },
    ...(method === 'POST' ? { payload: opts.raw ?? JSON.stringify(opts.body ?? {}) } : {}),
  });

const show = (id: string, body: Record<string, unknown>, opts: { k?: string; origin?: string } = {}) =>
  sdk('POST', `/intercepts/${id}/show`, { ...opts, body });

const visitor = () => randomUUID().replace(/-/g, '');

beforeAll(async () => {
  for (const t of [env.a, env.b]) {
    const et = await api('POST', '/event-types', t.as('admin'), {
      key: 'payment.failed',
      name: '支付失败',
      properties: { reason: { type: 'string' }, amount: { type: 'number' } },
    });
    expect(et.statusCode).toBe(201);
  }
  const mk = async (name: string, origins: string[]) => {
    const res = await api('POST', '/sdk-keys', env.a.as('admin'), {
      name,
      allowedOrigins: origins,
      allowedEventTypes: ['page.view', 'payment.failed'],
      orgUnitId: env.a.units.HQ.id,
    });
    expect(res.statusCode).toBe(201);
    return res.json();
  };
  key = await mk('Web', [SHOP]);
  otherKey = await mk('App', ['https://app.example.com']);
  surveyId = await newSurvey(env.a, true);
  draftSurveyId = await newSurvey(env.a, false);
});

describe('/api/v1/intercepts', () => {
  it('creates, lists, edits and deletes an intercept (owner/admin only), audited', async () => {
    const res = await intercept({ keyIds: [key.id], delayMs: 2000, samplePercent: 50, oncePerDays: 7 });
    expect(res.statusCode).toBe(201);
    const it1 = res.json();
    expect(it1).toMatchObject({
      name: '支付失败 3 次',
      surveyId,
      surveyName: '支付体验回访',
      enabled: true,
      keyIds: [key.id],
      display: 'modal',
      selector: null,
      conditions: { urls: [], event: { type: 'payment.failed', minCount: 3, where: [] } },
      delayMs: 2000,
      samplePercent: 50,
      oncePerDays: 7,
      stats: { shows30d: 0, answers30d: 0 },
    });
    const list = await api('GET', '/intercepts', env.a.as('owner'));
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(it1.id);
    for (const role of ['analyst', 'manager', 'agent', 'viewer']) {
      expect((await api('GET', '/intercepts', env.a.as(role))).statusCode, role).toBe(403);
      const post = await api('POST', '/intercepts', env.a.as(role), {
        name: 'x',
        surveyId,
        display: 'modal',
        conditions: { urls: [], event: null },
      });
      expect(post.statusCode, role).toBe(403);
    }
    const patched = await api('PATCH', `/intercepts/${it1.id}`, env.a.as('admin'), {
      enabled: false,
      display: 'embedded',
      selector: '#survey-slot',
      conditions: {
        urls: [{ op: 'regex', value: '^https://shop\\.example\\.com/checkout' }],
        event: { type: 'payment.failed', minCount: 2, where: [{ property: 'amount', op: 'gte', value: 100 }] },
      },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ enabled: false, display: 'embedded', selector: '#survey-slot' });
    expect(patched.json().conditions.event.where).toEqual([{ property: 'amount', op: 'gte', value: 100 }]);
    // Back to a modal: the container goes with it.
    const back = await api('PATCH', `/intercepts/${it1.id}`, env.a.as('admin'), { display: 'modal' });
    expect(back.json().selector).toBeNull();
    expect((await api('GET', `/intercepts/${it1.id}`, env.b.as('admin'))).statusCode).toBe(404);
    expect((await api('PATCH', `/intercepts/${it1.id}`, env.b.as('admin'), { enabled: true })).statusCode).toBe(404);
    expect((await api('DELETE', `/intercepts/${it1.id}`, env.b.as('admin'))).statusCode).toBe(404);
    expect((await api('DELETE', `/intercepts/${it1.id}`, env.a.as('admin'))).statusCode).toBe(204);
    expect((await api('GET', `/intercepts/${it1.id}`, env.a.as('admin'))).statusCode).toBe(404);
    const audit = await rows<{ action: string }>(
      env.t.ctx.db,
      sql`SELECT action FROM audit_log WHERE tenant_id = ${env.a.tenantId} AND target_id = ${it1.id} ORDER BY action`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'intercept.create',
      'intercept.delete',
      'intercept.update',
      'intercept.update',
    ]);
    expect((await api('GET', '/intercepts', {})).statusCode).toBe(401);
  });

  it('refuses hostile or inconsistent rules with 422 naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ conditions: { urls: [{ op: 'regex', value: '(unclosed' }], event: null } }, 'conditions.urls.0.value'],
      [{ conditions: { urls: [{ op: 'regex', value: 'a'.repeat(201) }], event: null } }, 'conditions.urls.0.value'],
      [{ conditions: { urls: [{ op: 'matches', value: 'x' }], event: null } }, 'conditions.urls.0.op'],
      [
        { conditions: { urls: [], event: { type: 'payment.failed', minCount: 0, where: [] } } },
        'conditions.event.minCount',
      ],
      [
        { conditions: { urls: [], event: { type: 'payment.failed', minCount: 101, where: [] } } },
        'conditions.event.minCount',
      ],
      [
        {
          conditions: {
            urls: [],
            event: { type: 'payment.failed', minCount: 3, where: [{ property: '__proto__.x', op: 'eq', value: 1 }] },
          },
        },
        'conditions.event.where.0.property',
      ],
      [
        {
          conditions: {
            urls: [],
            event: { type: 'payment.failed', minCount: 3, where: [{ property: 'amount', op: 'gt', value: 'big' }] },
          },
        },
        'conditions.event.where.0.value',
      ],
      [{ conditions: { urls: [], event: { type: 'no.such_type', minCount: 3, where: [] } } }, 'conditions.event.type'],
      [{ surveyId: randomUUID() }, 'surveyId'],
      [{ surveyId: draftSurveyId }, 'surveyId'],
      [{ keyIds: [randomUUID()] }, 'keyIds.0'],
      [{ display: 'embedded' }, 'selector'],
      [{ display: 'modal', selector: '#x' }, 'selector'],
      [{ display: 'embedded', selector: '<img src=x onerror=alert(1)>' }, 'selector'],
      [{ samplePercent: 101 }, 'samplePercent'],
      [{ delayMs: 600_001 }, 'delayMs'],
      [{ oncePerDays: 366 }, 'oncePerDays'],
      [{ oncePerDays: '30' }, 'oncePerDays'],
      [{ extra: true }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await intercept(body);
      expect(res.statusCode, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, JSON.stringify(body)).toBeLessThan(500);
      const p = problem(res);
      if (field)
        expect(
          p.invalidParams?.map((x) => x.name).some((n) => n.includes(field)),
          `${JSON.stringify(body)} → ${JSON.stringify(p.invalidParams)}`,
        ).toBe(true);
    }
    // Another tenant's survey and keys are not this tenant's.
    const bSurvey = await newSurvey(env.b, true);
    expect((await intercept({ surveyId: bSurvey })).statusCode).toBe(422);
    expect((await intercept({ surveyId: bSurvey, keyIds: [] }, env.b)).statusCode).toBe(201);
    expect((await intercept({ surveyId: bSurvey, keyIds: [key.id] }, env.b)).statusCode).toBe(422);
    const huge = await env.inject({
      method: 'POST',
      url: '/api/v1/intercepts',
      headers: { ...env.a.as('admin'), 'content-type': 'application/json' },
      payload: JSON.stringify({
        name: 'x',
        surveyId,
        display: 'modal',
        conditions: { urls: [], pad: 'x'.repeat(3_000_000) },
      }),
    });
    expect(huge.statusCode).toBe(413);
  });
});

describe('GET /sdk/v1/config', () => {
  it('lists only the enabled intercepts of live surveys for this key, with the widget; CORS like the ingest', async () => {
    const forAll = (await intercept({ name: 'all keys' })).json();
    const forWeb = (await intercept({ name: 'web only', keyIds: [key.id], display: 'slide_in', delayMs: 500 })).json();
    const forApp = (await intercept({ name: 'app only', keyIds: [otherKey.id] })).json();
    const off = (await intercept({ name: 'off', enabled: false })).json();
    const res = await sdk('GET', '/config');
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(SHOP);
    expect(res.headers['cache-control']).toBe('private, max-age=60');
    expect(res.headers.vary).toContain('Origin');
    const body = res.json();
    const ids = body.intercepts.map((i: { id: string }) => i.id);
    expect(ids).toContain(forAll.id);
    expect(ids).toContain(forWeb.id);
    expect(ids).not.toContain(forApp.id);
    expect(ids).not.toContain(off.id);
    expect(body.intercepts.find((i: { id: string }) => i.id === forWeb.id)).toEqual({
      id: forWeb.id,
      display: 'slide_in',
      selector: null,
      conditions: { urls: [], event: { type: 'payment.failed', minCount: 3, where: [] } },
      delayMs: 500,
      samplePercent: 100,
      oncePerDays: 30,
    });
    expect(body.feedback).toBeNull();
    const app = await sdk('GET', '/config', { k: otherKey.key, origin: 'https://app.example.com' });
    expect(app.json().intercepts.map((i: { id: string }) => i.id)).toContain(forApp.id);
    // Preflight, wrong origin, no origin, unknown key.
    const pre = await sdk('OPTIONS', '/config');
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(SHOP);
    const evil = await sdk('GET', '/config', { origin: 'https://evil.example' });
    expect(evil.statusCode).toBe(403);
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    problem(evil);
    expect((await sdk('GET', '/config', { origin: null })).statusCode).toBe(403);
    expect((await sdk('GET', '/config', { k: `pk_${'x'.repeat(32)}` })).statusCode).toBe(401);
    for (const i of [forAll, forWeb, forApp, off])
      expect((await api('DELETE', `/intercepts/${i.id}`, env.a.as('admin'))).statusCode).toBe(204);
  });
});

describe('POST /sdk/v1/intercepts/:id/show', () => {
  it('records a sent invitation and answers a link that opens the survey embedded; the answer counts', async () => {
    const it1 = (await intercept({ name: 'show me', oncePerDays: 30 })).json();
    const anon = visitor();
    const res = await show(it1.id, {
      anonymousId: anon,
      customer: { externalId: 'M-INT-1' },
      context: { url: `${SHOP}/checkout`, locale: 'zh-CN' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(SHOP);
    const body = res.json();
    expect(body).toMatchObject({ show: true, invitationId: expect.any(String) });
    expect(body.url).toMatch(/\/s\/[\w-]+\?embed=1&lang=zh-CN$/);
    const [inv] = await rows<Record<string, unknown>>(
      env.t.ctx.db,
      sql`SELECT status, channel_id, intercept_id, anonymous_id, sdk_key_id, customer, customer_id, sent_at, org_unit_id
          FROM invitations WHERE tenant_id = ${env.a.tenantId} AND id = ${body.invitationId}`,
    );
    expect(inv).toMatchObject({
      status: 'sent',
      channel_id: null,
      intercept_id: it1.id,
      anonymous_id: anon,
      sdk_key_id: key.id,
      customer: { externalId: 'M-INT-1' },
      org_unit_id: env.a.units.HQ.id,
    });
    expect(inv.customer_id).toBeTruthy();
    expect(inv.sent_at).toBeTruthy();
    // The link opens: the respondent API answers the survey, naming the invitation, and takes the answer.
    const token = new URL(body.url).pathname.split('/').pop()!;
    const open = await env.inject({ method: 'GET', url: `/api/v1/public/surveys/${token}` });
    expect(open.statusCode).toBe(200);
    expect(open.json()).toMatchObject({ survey: { id: surveyId }, invitationId: body.invitationId });
    const answer = await env.inject({
      method: 'POST',
      url: '/api/v1/responses',
      payload: { token, answers: { csat: 2, comment: '付款超时' }, idempotencyKey: randomUUID() },
    });
    expect(answer.statusCode, answer.body).toBe(201);
    const listed = (await api('GET', `/intercepts/${it1.id}`, env.a.as('admin'))).json();
    expect(listed.stats).toEqual({ shows30d: 1, answers30d: 1 });
    const [resp] = await rows<{ customer_ref: string | null }>(
      env.t.ctx.db,
      sql`SELECT customer_ref FROM responses WHERE tenant_id = ${env.a.tenantId} AND invitation_id = ${body.invitationId}`,
    );
    expect(resp.customer_ref).toBe('M-INT-1');
    // Reach's invitation list names the intercept (there is no channel, so no resend).
    const invs = (await api('GET', '/invitations?customer=M-INT-1', env.a.as('admin'))).json();
    expect(invs.items).toHaveLength(1);
    expect(invs.items[0]).toMatchObject({
      id: body.invitationId,
      channelId: null,
      interceptId: it1.id,
      interceptName: 'show me',
      status: 'completed',
    });

    // Once per 30 days: the same visitor, and the same member from another browser, are told no.
    expect((await show(it1.id, { anonymousId: anon })).json()).toEqual({ show: false, reason: 'once_per_days' });
    expect((await show(it1.id, { anonymousId: visitor(), customer: { externalId: 'M-INT-1' } })).json()).toEqual({
      show: false,
      reason: 'once_per_days',
    });
    // Another visitor may see it; an English page gets the English link.
    const en = (await show(it1.id, { anonymousId: visitor(), context: { locale: 'en-US' } })).json();
    expect(en.show).toBe(true);
    expect(en.url).toMatch(/lang=en$/);
    // Disabled: inactive.
    await api('PATCH', `/intercepts/${it1.id}`, env.a.as('admin'), { enabled: false });
    expect((await show(it1.id, { anonymousId: visitor() })).json()).toEqual({ show: false, reason: 'inactive' });
    // For another key only: inactive for this one.
    await api('PATCH', `/intercepts/${it1.id}`, env.a.as('admin'), { enabled: true, keyIds: [otherKey.id] });
    expect((await show(it1.id, { anonymousId: visitor() })).json()).toEqual({ show: false, reason: 'inactive' });
    await api('DELETE', `/intercepts/${it1.id}`, env.a.as('admin'));
  });

  it('samples visitors for good: 0 % shows nobody, 50 % splits them deterministically', async () => {
    const none = (await intercept({ name: 'nobody', samplePercent: 0 })).json();
    for (let i = 0; i < 5; i++)
      expect((await show(none.id, { anonymousId: visitor() })).json()).toEqual({ show: false, reason: 'sampled_out' });
    expect(await rows(env.t.ctx.db, sql`SELECT 1 FROM invitations WHERE intercept_id = ${none.id}`)).toHaveLength(0);
    const ids = Array.from({ length: 400 }, visitor);
    const inside = ids.filter((v) => visitorSampledIn(none.id, v, 50)).length;
    expect(inside).toBeGreaterThan(150);
    expect(inside).toBeLessThan(250);
    expect(ids.map((v) => visitorSampledIn(none.id, v, 50))).toEqual(ids.map((v) => visitorSampledIn(none.id, v, 50)));
    await api('DELETE', `/intercepts/${none.id}`, env.a.as('admin'));
  });

  it("applies the tenant's contact policy across intercepts and refuses opted-out customers", async () => {
    const first = (await intercept({ name: 'first', oncePerDays: 1 })).json();
    const second = (await intercept({ name: 'second', oncePerDays: 1 })).json();
    expect(
      (await api('PUT', '/contact-policy', env.a.as('admin'), { maxInvitations: { count: 1, days: 7 } })).statusCode,
    ).toBe(200);
    try {
      const m = { externalId: 'M-INT-POLICY' };
      expect((await show(first.id, { anonymousId: visitor(), customer: m })).json().show).toBe(true);
      expect((await show(second.id, { anonymousId: visitor(), customer: m })).json()).toEqual({
        show: false,
        reason: 'contact_policy',
      });
      // An anonymous visitor has no contact history to count.
      expect((await show(second.id, { anonymousId: visitor() })).json().show).toBe(true);
    } finally {
      await api('PUT', '/contact-policy', env.a.as('admin'), { maxInvitations: null });
    }
    const out = { externalId: 'M-INT-OPTOUT' };
    expect((await show(first.id, { anonymousId: visitor(), customer: out })).json().show).toBe(true);
    await env.t.ctx.db.execute(
      sql`UPDATE customers SET opted_out_at = now() WHERE tenant_id = ${env.a.tenantId}
            AND id = (SELECT customer_id FROM customer_identities WHERE tenant_id = ${env.a.tenantId} AND kind = 'member' AND value = 'M-INT-OPTOUT')`,
    );
    expect((await show(second.id, { anonymousId: visitor(), customer: out })).json()).toEqual({
      show: false,
      reason: 'opted_out',
    });
    await api('DELETE', `/intercepts/${first.id}`, env.a.as('admin'));
    await api('DELETE', `/intercepts/${second.id}`, env.a.as('admin'));
  });

  it('shows a visitor once when two calls arrive at the same time', async () => {
    const it1 = (await intercept({ name: 'race', oncePerDays: 30 })).json();
    const anon = visitor();
    const results = await Promise.all(Array.from({ length: 6 }, () => show(it1.id, { anonymousId: anon })));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(results.filter((r) => r.json().show === true)).toHaveLength(1);
    const m = { externalId: 'M-INT-RACE' };
    const byMember = await Promise.all(
      Array.from({ length: 4 }, () => show(it1.id, { anonymousId: visitor(), customer: m })),
    );
    expect(byMember.filter((r) => r.json().show === true)).toHaveLength(1);
    await api('DELETE', `/intercepts/${it1.id}`, env.a.as('admin'));
  });

  it('refuses bad input, other origins, revoked keys and other tenants’ intercepts with 4xx', async () => {
    const it1 = (await intercept({ name: 'guarded' })).json();
    const bad: unknown[] = [
      {},
      { anonymousId: '' },
      { anonymousId: 'has spaces' },
      { anonymousId: 'x'.repeat(65) },
      { anonymousId: 'ok', extra: 1 },
      { anonymousId: 'ok', customer: { phone: 'not a phone' } },
      { anonymousId: 'ok', customer: { externalId: 42 } },
      { anonymousId: 'ok', context: { url: 'x'.repeat(2001) } },
      [],
      'text',
    ];
    for (const b of bad) {
      const res = await sdk('POST', `/intercepts/${it1.id}/show`, { body: b });
      expect(res.statusCode, JSON.stringify(b)).toBe(422);
      expect(res.headers['access-control-allow-origin']).toBe(SHOP);
      problem(res);
    }
    for (const raw of [
      '{"anonymousId":',
      '{"__proto__":{"x":1},"anonymousId":"a"}',
      '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
    ]) {
      const res = await sdk('POST', `/intercepts/${it1.id}/show`, { raw });
      expect(res.statusCode, raw).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, raw).toBeLessThan(500);
    }
    const huge = await sdk('POST', `/intercepts/${it1.id}/show`, {
      raw: JSON.stringify({ anonymousId: 'a', context: { url: 'x'.repeat(20_000) } }),
    });
    expect(huge.statusCode).toBe(413);
    const json = await sdk('POST', `/intercepts/${it1.id}/show`, {
      body: { anonymousId: 'a1' },
      type: 'application/json',
    });
    expect(json.statusCode).toBe(200);
    // Unknown ids, malformed ids and another tenant's intercept are all 404.
    expect((await show(randomUUID(), { anonymousId: 'a' })).statusCode).toBe(404);
    expect((await sdk('POST', '/intercepts/not-a-uuid/show', { body: { anonymousId: 'a' } })).statusCode).toBe(404);
    const bSurvey = await newSurvey(env.b, true);
    const bIntercept = (await intercept({ surveyId: bSurvey }, env.b)).json();
    const cross = await show(bIntercept.id, { anonymousId: 'a' });
    expect(cross.statusCode).toBe(404);
    problem(cross);
    // Origins and keys.
    const evil = await show(it1.id, { anonymousId: 'a' }, { origin: 'https://evil.example' });
    expect(evil.statusCode).toBe(403);
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    const pre = await sdk('OPTIONS', `/intercepts/${it1.id}/show`);
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-methods']).toBe('POST');
    const revoked = (
      await api('POST', '/sdk-keys', env.a.as('admin'), {
        name: 'Old',
        allowedOrigins: [SHOP],
        allowedEventTypes: ['page.view'],
        orgUnitId: env.a.units.HQ.id,
      })
    ).json();
    expect((await api('DELETE', `/sdk-keys/${revoked.id}`, env.a.as('admin'))).statusCode).toBe(204);
    expect((await show(it1.id, { anonymousId: 'a' }, { k: revoked.key })).statusCode).toBe(401);
    expect((await sdk('GET', '/config', { k: revoked.key })).statusCode).toBe(401);
    await api('DELETE', `/intercepts/${it1.id}`, env.a.as('admin'));
  });
});

describe('the survey page of an intercept link', () => {
  it("may be framed by the key's origins; a link sent another way may not", async () => {
    const it1 = (await intercept({ name: 'framed' })).json();
    const shown = (await show(it1.id, { anonymousId: visitor() })).json();
    const page = await env.inject({ method: 'GET', url: new URL(shown.url).pathname + new URL(shown.url).search });
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain(`frame-ancestors ${SHOP}`);
    expect(csp).not.toContain('https://app.example.com');
    // An ordinary personal link of the same survey (an API-minted invitation) gains no framer.
    const { signSurveyToken } = await import('../surveys/tokens.ts');
    const invId = randomUUID();
    await env.t.ctx.db.execute(
      sql`INSERT INTO invitations (tenant_id, id, survey_id, status) VALUES (${env.a.tenantId}, ${invId}, ${surveyId}, 'created')`,
    );
    const token = signSurveyToken(env.t.ctx.config.secret, { tenantId: env.a.tenantId, surveyId, invitationId: invId });
    const plain = await env.inject({ method: 'GET', url: `/s/${token}` });
    expect(String(plain.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    await api('DELETE', `/intercepts/${it1.id}`, env.a.as('admin'));
  });
});
