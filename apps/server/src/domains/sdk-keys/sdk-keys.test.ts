import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import { problem, setupTestSuite } from '../../testing/harness.ts';

const env = setupTestSuite();
const SHOP = 'https://shop.example.com';
let key: { id: string; key: string };

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, as: Record<string, string>, payload?: unknown) =>
  env.inject({ method, url, headers: as, payload: payload as Record<string, unknown> });

const create = (as: Record<string, string>, body: Record<string, unknown>) =>
  api('POST', '/api/v1/sdk-keys', as, {
    name: 'Web',
    allowedOrigins: [SHOP],
    allowedEventTypes: ['page.view'],
    orgUnitId: env.a.units.HQ.id,
    ...body,
  });

const ev = (extra: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  type: 'page.view',
  occurredAt: new Date(env.t.ctx.clock.now().getTime() - 60_000).toISOString(),
  properties: { url: `${SHOP}/menu`, title: 'Menu' },
  ...extra,
});

/** POST /sdk/v1/events as a browser on `origin` would (null: no Origin header). */
const send = (body: unknown, opts: { origin?: string | null; k?: string; type?: string; raw?: string } = {}) =>
  env.inject({
    method: 'POST',
    url: `/sdk/v1/events?key=${encodeURIComponent(opts.k ?? key.key)}`,
    headers: {
      'content-type': opts.type ?? 'application/json',
      ...(opts.origin === null ? {} : { origin: opts.origin ?? SHOP }),
    },
    payload: opts.raw ?? JSON.stringify(body),
  });

const count = async (tenantId: string) =>
  (await rows<{ n: number }>(env.t.ctx.db, sql`SELECT count(*)::int AS n FROM events WHERE tenant_id = ${tenantId}`))[0]
    .n;

beforeAll(async () => {
  const t = await api('POST', '/api/v1/event-types', env.a.as('admin'), {
    key: 'payment.failed',
    name: '支付失败',
    properties: { orderId: { type: 'string' }, amount: { type: 'number' }, reason: { type: 'string' } },
  });
  expect(t.statusCode).toBe(201);
  const res = await create(env.a.as('admin'), { allowedEventTypes: ['page.view', 'payment.failed'] });
  expect(res.statusCode).toBe(201);
  key = res.json();
});

describe('/api/v1/sdk-keys', () => {
  it('creates a public key shown in the list, edits and revokes it; only owner/admin may', async () => {
    expect(key.key).toMatch(/^pk_[\w-]{24,}$/);
    const list = await api('GET', '/api/v1/sdk-keys', env.a.as('owner'));
    expect(list.statusCode).toBe(200);
    expect(list.json().items[0]).toMatchObject({
      id: key.id,
      key: key.key,
      allowedOrigins: [SHOP],
      allowedEventTypes: ['page.view', 'payment.failed'],
      orgUnitId: env.a.units.HQ.id,
      lastUsedAt: null,
      revokedAt: null,
    });
    for (const role of ['analyst', 'manager', 'agent', 'viewer'])
      expect((await api('GET', '/api/v1/sdk-keys', env.a.as(role))).statusCode, role).toBe(403);
    expect((await create(env.a.as('viewer'), {})).statusCode).toBe(403);

    const other = (
      await create(env.a.as('owner'), { name: 'App', allowedOrigins: ['HTTPS://App.Example.com:8443'] })
    ).json();
    expect(other.allowedOrigins).toEqual(['https://app.example.com:8443']);
    const edited = await api('PATCH', `/api/v1/sdk-keys/${other.id}`, env.a.as('admin'), {
      name: 'App (new)',
      allowedOrigins: ['https://app.example.com', 'http://localhost:3000'],
      orgUnitId: env.a.units.S1.id,
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({
      name: 'App (new)',
      key: other.key,
      allowedOrigins: ['https://app.example.com', 'http://localhost:3000'],
      allowedEventTypes: ['page.view'],
      orgUnitId: env.a.units.S1.id,
    });
    expect((await api('DELETE', `/api/v1/sdk-keys/${other.id}`, env.a.as('admin'))).statusCode).toBe(204);
    const revoked = (await api('GET', `/api/v1/sdk-keys/${other.id}`, env.a.as('admin'))).json();
    expect(revoked.revokedAt).not.toBeNull();
    expect((await api('PATCH', `/api/v1/sdk-keys/${other.id}`, env.a.as('admin'), { name: 'x' })).statusCode).toBe(409);
    const audit = await rows<{ action: string }>(
      env.t.ctx.db,
      sql`SELECT action FROM audit_log WHERE tenant_id = ${env.a.tenantId} AND target_id = ${other.id} AND action LIKE 'sdk_key.%' ORDER BY action`,
    );
    expect(audit.map((a) => a.action)).toEqual(['sdk_key.create', 'sdk_key.revoke', 'sdk_key.update']);
  });

  it('refuses wildcard, script and path origins, unknown event types and units outside the scope (422 naming the field)', async () => {
    for (const [origin, field] of [
      ['*', 'allowedOrigins.0'],
      ['javascript:alert(1)', 'allowedOrigins.0'],
      ['https://shop.example.com/path', 'allowedOrigins.0'],
      ['https://*.example.com', 'allowedOrigins.0'],
      ['ftp://files.example.com', 'allowedOrigins.0'],
      ['https://user:pw@shop.example.com', 'allowedOrigins.0'],
    ]) {
      const res = await create(env.a.as('admin'), { allowedOrigins: [origin] });
      expect(res.statusCode, origin).toBe(422);
      expect(problem(res).invalidParams?.map((p) => p.name)).toContain(field);
    }
    const empty = await create(env.a.as('admin'), { allowedOrigins: [] });
    expect(empty.statusCode).toBe(422);
    const types = await create(env.a.as('admin'), { allowedEventTypes: ['page.view', 'order.teleported'] });
    expect(types.statusCode).toBe(422);
    expect(problem(types).invalidParams?.map((p) => p.name)).toEqual(['allowedEventTypes.1']);
    const unit = await create(env.a.as('admin'), { orgUnitId: env.b.units.HQ.id });
    expect(problem(unit).invalidParams?.map((p) => p.name)).toEqual(['orgUnitId']);
    const tp = await create(env.a.as('admin'), { touchpointId: randomUUID() });
    expect(problem(tp).invalidParams?.map((p) => p.name)).toEqual(['touchpointId']);
    const extra = await create(env.a.as('admin'), { key: 'pk_mine_mine_mine_mine_mine_mine' });
    expect(extra.statusCode).toBe(422);
    expect(
      (await api('PATCH', `/api/v1/sdk-keys/${key.id}`, env.a.as('admin'), { allowedOrigins: ['*'] })).statusCode,
    ).toBe(422);
  });

  it("keeps tenants apart: another tenant's key is 404 to read, edit or revoke, and absent from its list", async () => {
    const b = env.b.as('admin');
    expect((await api('GET', `/api/v1/sdk-keys/${key.id}`, b)).statusCode).toBe(404);
    expect((await api('PATCH', `/api/v1/sdk-keys/${key.id}`, b, { name: 'mine' })).statusCode).toBe(404);
    expect((await api('DELETE', `/api/v1/sdk-keys/${key.id}`, b)).statusCode).toBe(404);
    expect((await api('GET', '/api/v1/sdk-keys', b)).json().items).toEqual([]);
    expect((await api('GET', `/api/v1/sdk-keys/${randomUUID()}`, env.a.as('admin'))).statusCode).toBe(404);
  });
});

describe('POST /sdk/v1/events', () => {
  it('stores events from an allowed origin, answers with CORS headers, and they are listed like any event', async () => {
    const e = ev();
    const res = await send({
      anonymousId: randomUUID(),
      context: { url: `${SHOP}/menu`, locale: 'zh-CN' },
      events: [e],
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(res.headers['access-control-allow-origin']).toBe(SHOP);
    expect(String(res.headers.vary)).toMatch(/Origin/i);
    const listed = await api('GET', '/api/v1/events?type=page.view', env.a.as('admin'));
    const item = listed
      .json()
      .items.find((i: { properties: Record<string, unknown> }) => i.properties.url === `${SHOP}/menu`);
    expect(item).toMatchObject({ type: 'page.view', orgUnit: { id: env.a.units.HQ.id }, source: 'sdk' });
    expect(item.properties.$anonymousId).toBeDefined();
    const used = (await api('GET', `/api/v1/sdk-keys/${key.id}`, env.a.as('admin'))).json();
    expect(used.lastUsedAt).not.toBeNull();
  });

  it('answers the preflight for an allowed origin only', async () => {
    const ok = await env.inject({
      method: 'OPTIONS',
      url: `/sdk/v1/events?key=${key.key}`,
      headers: {
        origin: SHOP,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(ok.statusCode).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe(SHOP);
    expect(ok.headers['access-control-allow-methods']).toBe('POST');
    expect(String(ok.headers['access-control-allow-headers'])).toMatch(/content-type/i);
    expect(ok.headers['access-control-max-age']).toBe('600');
    const bad = await env.inject({
      method: 'OPTIONS',
      url: `/sdk/v1/events?key=${key.key}`,
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(bad.statusCode).toBe(403);
    expect(bad.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a foreign origin or none (403, no CORS header), an unknown or revoked key (401), and stores nothing', async () => {
    const before = await count(env.a.tenantId);
    for (const origin of ['https://evil.example', 'https://shop.example.com.evil.example', 'null', null]) {
      const res = await send({ events: [ev()] }, { origin });
      expect(res.statusCode, String(origin)).toBe(403);
      problem(res);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
    for (const k of ['pk_nope_nope_nope_nope_nope_nope', 'not-a-key', '']) {
      const res = await send({ events: [ev()] }, { k });
      expect(res.statusCode, k).toBe(401);
      problem(res);
    }
    const gone = (await create(env.a.as('admin'), { name: 'old' })).json();
    expect((await send({ events: [ev()] }, { k: gone.key })).statusCode).toBe(202);
    await api('DELETE', `/api/v1/sdk-keys/${gone.id}`, env.a.as('admin'));
    const revoked = await send({ events: [ev()] }, { k: gone.key });
    expect(revoked.statusCode).toBe(401);
    expect(problem(revoked).detail).toMatch(/revoked/);
    expect(await count(env.a.tenantId)).toBe(before + 1);
  });

  it('takes text/plain (sendBeacon) and stores the same event id once', async () => {
    const e = ev({ type: 'payment.failed', properties: { orderId: 'W1', amount: 88, reason: 'timeout' } });
    const first = await send({ events: [e] }, { type: 'text/plain;charset=UTF-8' });
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ accepted: 1, duplicates: 0 });
    const again = await send({ events: [e, ev()] }, { type: 'text/plain' });
    expect(again.json()).toEqual({ accepted: 1, duplicates: 1 });
    const stored = await rows(
      env.t.ctx.db,
      sql`SELECT 1 FROM events WHERE tenant_id = ${env.a.tenantId} AND idempotency_key = ${`sdk|${key.id}|${e.id}`}`,
    );
    expect(stored).toHaveLength(1);
    expect((await send(null, { raw: 'id=1', type: 'application/x-www-form-urlencoded' })).statusCode).toBe(415);
    // Concurrent requests share a transaction (group commit): the same id sent by three at once is still one row.
    const same = ev();
    const answers = await Promise.all([1, 2, 3].map(() => send({ events: [same, ev()] })));
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 202]);
    const sum = answers.reduce(
      (t, a) => ({ accepted: t.accepted + a.json().accepted, duplicates: t.duplicates + a.json().duplicates }),
      { accepted: 0, duplicates: 0 },
    );
    expect(sum).toEqual({ accepted: 4, duplicates: 2 });
  });

  it('refuses oversized, over-long, hostile and disallowed bodies with 4xx and stores none of them', async () => {
    const before = await count(env.a.tenantId);
    const many = await send({ events: Array.from({ length: 51 }, () => ev()) });
    expect([413, 422]).toContain(many.statusCode);
    const big = await send({ events: [ev({ properties: { url: 'x'.repeat(65 * 1024) } })] });
    expect(big.statusCode).toBe(413);
    const proto = await send(null, {
      raw: `{"events":[{"id":"${randomUUID()}","type":"page.view","occurredAt":"${new Date().toISOString()}","properties":{"__proto__":{"x":1}}}]}`,
    });
    expect(proto.statusCode).toBe(400);
    const deep = await send({ events: [ev({ properties: { a: { b: { c: 1 } } } })] });
    expect(deep.statusCode).toBe(422);
    expect(problem(deep).invalidParams?.[0].name).toMatch(/^events\[0\]\.properties/);
    const tooDeep = await send(null, { raw: `{"events":[${'['.repeat(70)}${']'.repeat(70)}]}` });
    expect(tooDeep.statusCode).toBe(400);
    for (const body of [
      null,
      [],
      'x',
      {},
      { events: [] },
      { events: [ev()], extra: 1 },
      { events: [{ ...ev(), id: 'x' }] },
    ]) {
      const res = await send(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.headers['access-control-allow-origin']).toBe(SHOP);
    }
    const notAllowed = await send({ events: [ev(), ev(), ev(), ev({ type: 'order.completed' })] });
    expect(notAllowed.statusCode).toBe(422);
    expect(problem(notAllowed).invalidParams?.map((p) => p.name)).toEqual(['events[3].type']);
    const old = await send({ events: [ev({ occurredAt: new Date(Date.now() - 8 * 86400_000).toISOString() })] });
    expect(problem(old).invalidParams?.map((p) => p.name)).toEqual(['events[0].occurredAt']);
    const ahead = await send({ events: [ev({ occurredAt: new Date(Date.now() + 2 * 3600_000).toISOString() })] });
    expect(problem(ahead).invalidParams?.map((p) => p.name)).toEqual(['events[0].occurredAt']);
    const schema = await send({ events: [ev({ type: 'payment.failed', properties: { amount: 'lots' } })] });
    expect(problem(schema).invalidParams?.[0].name).toBe('events[0].properties.amount');
    const phone = await send({ customer: { phone: 'call me' }, events: [ev()] });
    expect(problem(phone).invalidParams?.map((p) => p.name)).toEqual(['customer.phone']);
    expect(await count(env.a.tenantId)).toBe(before);
  });

  it('ties identified events to the customer: by member id, or by a phone the tenant knows', async () => {
    const c = await api('POST', '/api/v1/customers', env.a.as('admin'), {
      displayName: '李雷',
      identities: [
        { kind: 'member', value: 'M-77' },
        { kind: 'phone', value: '13800138000' },
      ],
    });
    expect(c.statusCode).toBe(201);
    const id = c.json().id;
    const byMember = await send({
      customer: { externalId: 'M-77' },
      events: [ev({ type: 'payment.failed', properties: { orderId: 'W77', amount: 120, reason: 'card_declined' } })],
    });
    expect(byMember.statusCode).toBe(202);
    const byPhone = await send({
      customer: { phone: '+86 138 0013 8000' },
      events: [ev({ properties: { url: `${SHOP}/checkout` } })],
    });
    expect(byPhone.statusCode).toBe(202);
    const timeline = await api('GET', `/api/v1/customers/${id}/timeline`, env.a.as('admin'));
    expect(timeline.statusCode).toBe(200);
    const types = timeline.json().items.map((i: { type?: string; kind: string }) => i.type ?? i.kind);
    expect(types).toContain('payment.failed');
    expect(types).toContain('page.view');
  });

  it('limits events per key, not per address (429 with Retry-After)', async () => {
    const k = (await create(env.a.as('admin'), { name: 'limited' })).json();
    const k2 = (await create(env.a.as('admin'), { name: 'limited too' })).json();
    const config = env.t.ctx.config as { sdkKeyRate: number };
    const was = config.sdkKeyRate;
    config.sdkKeyRate = 3;
    try {
      expect((await send({ events: [ev(), ev()] }, { k: k.key })).statusCode).toBe(202);
      const over = await send({ events: [ev(), ev()] }, { k: k.key });
      expect(over.statusCode).toBe(429);
      problem(over);
      expect(Number(over.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(over.headers['access-control-allow-origin']).toBe(SHOP);
      // Another key has its own budget.
      expect((await send({ events: [ev()] }, { k: k2.key })).statusCode).toBe(202);
    } finally {
      config.sdkKeyRate = was;
    }
  });

  it('is never an API key: a pk_ key as Bearer on /api/v1 is 401', async () => {
    for (const url of ['/api/v1/responses', '/api/v1/events', '/api/v1/me']) {
      const res = await env.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key.key}` } });
      expect(res.statusCode, url).toBe(401);
    }
  });
});
