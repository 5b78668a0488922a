import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  createTestTenant,
  injector,
  problem,
  setupTestSuite,
  type TestApp,
  type TestTenant,
} from '../testing/harness.ts';
import { parseTrustProxy } from './config.ts';
import { sql } from './db.ts';

const env = setupTestSuite();
const def = { elements: [{ type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 }] };

async function liveSurvey() {
  const s = (
    await env.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: env.a.as('admin'),
      payload: { name: 'CSRF target', definition: def, bindings: { nps: 'nps' } },
    })
  ).json();
  await env.inject({ method: 'POST', url: `/api/v1/surveys/${s.id}/publish`, headers: env.a.as('admin') });
  return s.id as string;
}

const status = async (id: string) =>
  (await env.inject({ method: 'GET', url: `/api/v1/surveys/${id}`, headers: env.a.as('admin') })).json().status;

describe('CSRF: cookie sessions change data only from our own origin (finding 6)', () => {
  it('refuses a text/plain POST with a foreign Origin, and the survey stays live', async () => {
    const id = await liveSurvey();
    const cookie = env.a.users.admin.cookie;
    const res = await env.inject({
      method: 'POST',
      url: `/api/v1/surveys/${id}/pause`,
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'text/plain' },
      payload: 'x=1',
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    problem(res);
    const bare = await env.inject({
      method: 'POST',
      url: `/api/v1/surveys/${id}/pause`,
      headers: { cookie, origin: 'https://evil.example' },
    });
    expect(bare.statusCode).toBe(403);
    expect(problem(bare).detail).toMatch(/Cross-site/);
    expect(await status(id)).toBe('live');
  });

  it('refuses a cookie request with no Origin and no Referer, or Origin: null; accepts a matching Referer', async () => {
    const id = await liveSurvey();
    const cookie = env.a.users.admin.cookie;
    const url = `/api/v1/surveys/${id}/pause`;
    expect((await env.inject({ method: 'POST', url, headers: { cookie } })).statusCode).toBe(403);
    expect((await env.inject({ method: 'POST', url, headers: { cookie, origin: 'null' } })).statusCode).toBe(403);
    expect(
      (await env.inject({ method: 'POST', url, headers: { cookie, referer: 'https://evil.example/a' } })).statusCode,
    ).toBe(403);
    expect(await status(id)).toBe('live');
    const ok = await env.inject({
      method: 'POST',
      url,
      headers: { cookie, referer: `${env.t.ctx.config.publicUrl}/surveys/${id}` },
    });
    expect(ok.statusCode).toBe(200);
    expect(await status(id)).toBe('paused');
  });

  it("accepts the request's own origin (a host other than the public URL) and leaves GETs alone", async () => {
    const id = await liveSurvey();
    const cookie = env.a.users.admin.cookie;
    const own = await env.inject({
      method: 'POST',
      url: `/api/v1/surveys/${id}/pause`,
      headers: { cookie, host: 'cx.internal:8080', origin: 'http://cx.internal:8080' },
    });
    expect(own.statusCode).toBe(200);
    const read = await env.inject({
      method: 'GET',
      url: `/api/v1/surveys/${id}`,
      headers: { cookie, origin: 'https://evil.example' },
    });
    expect(read.statusCode).toBe(200);
  });

  it('exempts API keys (no browser sends them by itself)', async () => {
    const id = await liveSurvey();
    const { key } = (
      await env.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: env.a.as('owner'),
        payload: { name: 'ops', role: 'admin' },
      })
    ).json();
    const res = await env.inject({
      method: 'POST',
      url: `/api/v1/surveys/${id}/pause`,
      headers: { authorization: `Bearer ${key}`, origin: 'https://elsewhere.example' },
    });
    expect(res.statusCode).toBe(200);
  });

  it('refuses logout and a login from a foreign page', async () => {
    const res = await env.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { origin: 'https://evil.example' },
      payload: { email: env.a.users.viewer.email, password: env.a.password },
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
    const out = await env.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: env.a.users.viewer.cookie, origin: 'https://evil.example' },
    });
    expect(out.statusCode).toBe(403);
    const me = await env.inject({ method: 'GET', url: '/api/v1/me', headers: env.a.as('viewer') });
    expect(me.statusCode).toBe(200);
  });
});

describe('media types and UTF-8 (findings 6 and 9)', () => {
  it('answers 415 problem+json for bodies that are not JSON on JSON routes', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await env.inject({
        method: 'POST',
        url: '/api/v1/surveys',
        headers: { ...env.a.as('admin'), 'content-type': type },
        payload: '{"name":"x"}',
      });
      expect(res.statusCode, type).toBe(415);
      expect(problem(res).detail).toMatch(/application\/json/);
    }
    const login = await env.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({ email: env.a.users.viewer.email, password: env.a.password }),
    });
    expect(login.statusCode).toBe(415);
  });

  it('accepts text/csv only where a route declares it', async () => {
    const csv = await env.inject({
      method: 'POST',
      url: '/api/v1/org-units/import?dryRun=true',
      headers: { ...env.a.as('admin'), 'content-type': 'text/csv' },
      payload: `code,name,kind,parent_code\nX1,X,store,${env.a.units.C1.code}\n`,
    });
    expect(csv.statusCode).toBe(200);
    const elsewhere = await env.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { ...env.a.as('admin'), 'content-type': 'text/csv' },
      payload: 'a,b\n',
    });
    expect(elsewhere.statusCode).toBe(415);
  });

  it('refuses invalid UTF-8 with 400 instead of storing U+FFFD', async () => {
    const body = Buffer.concat([
      Buffer.from('{"name":"caf'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(`","definition":${JSON.stringify(def)},"bindings":{}}`),
    ]);
    const res = await env.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { ...env.a.as('admin'), 'content-type': 'application/json' },
      payload: body,
    });
    expect(res.statusCode).toBe(400);
    expect(problem(res).detail).toMatch(/UTF-8/);
    const stored = await env.t.ctx.db.execute(
      sql`SELECT count(*)::int AS n FROM surveys WHERE tenant_id = ${env.a.tenantId} AND name LIKE ${'caf%'}`,
    );
    expect((stored as unknown as { rows: Array<{ n: number }> }).rows[0].n).toBe(0);
    const csv = await env.inject({
      method: 'POST',
      url: '/api/v1/org-units/import?dryRun=true',
      headers: { ...env.a.as('admin'), 'content-type': 'text/csv' },
      payload: Buffer.concat([Buffer.from('code,name,kind,parent_code\nX1,'), Buffer.from([0xff]), Buffer.from('\n')]),
    });
    expect(csv.statusCode).toBe(400);
    const fine = await env.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { ...env.a.as('admin'), 'content-type': 'application/json; charset=utf-8' },
      payload: Buffer.from(JSON.stringify({ name: '门店满意度 café', definition: def, bindings: {} })),
    });
    expect(fine.statusCode).toBe(201);
    expect(fine.json().name).toBe('门店满意度 café');
  });

  it('still refuses prototype poisoning in JSON', async () => {
    const res = await env.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { ...env.a.as('admin'), 'content-type': 'application/json' },
      payload: `{"name":"p","definition":${JSON.stringify(def)},"bindings":{},"__proto__":{"x":1}}`,
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('security headers (finding 4)', () => {
  it('sends CSP, frame, type and referrer headers on API answers, errors and the docs', async () => {
    for (const url of ['/api/v1/me', '/api/v1/nope', '/healthz', '/api/docs/ui/']) {
      const res = await env.inject({ method: 'GET', url, headers: env.a.as('viewer') });
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBe('strict-origin-when-cross-origin');
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval|https?:)/);
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['strict-transport-security'], url).toBeUndefined();
    }
  });
});

describe('behind a TLS proxy (finding 5)', () => {
  let t: TestApp;
  let a: TestTenant;
  beforeAll(async () => {
    t = await createTestApp({ config: { trustProxy: ['10.0.0.0/8'] } });
    a = await createTestTenant(t.ctx);
  });
  afterAll(() => t?.close());

  const login = (remoteAddress: string, headers: Record<string, string> = {}, password = a.password) =>
    injector(t)({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress,
      headers,
      payload: { email: a.users.analyst.email, password },
    });

  it('marks the cookie Secure when a trusted proxy says https, and only then', async () => {
    const viaProxy = await login('10.1.2.3', { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' });
    expect(viaProxy.statusCode).toBe(200);
    expect(String(viaProxy.headers['set-cookie'])).toMatch(/;\s*Secure/i);
    const forged = await login('198.51.100.7', { 'x-forwarded-proto': 'https' });
    expect(forged.statusCode).toBe(200);
    expect(String(forged.headers['set-cookie'])).not.toMatch(/;\s*Secure/i);
  });

  it('counts login failures by the client address the trusted proxy reports, not by the proxy', async () => {
    const attacker = { 'x-forwarded-for': '203.0.113.66' };
    for (let i = 0; i < 5; i++) expect((await login('10.0.0.2', attacker, `wrong-${i}-guess`)).statusCode).toBe(401);
    expect((await login('10.0.0.2', attacker)).statusCode).toBe(429);
    // The owner of the account, through the same proxy from another address, is not locked out.
    expect((await login('10.0.0.2', { 'x-forwarded-for': '198.51.100.20' })).statusCode).toBe(200);
    // An untrusted peer cannot pick its address by header: its failures count against the socket address.
    for (let i = 0; i < 5; i++)
      expect((await login('192.0.2.50', { 'x-forwarded-for': `203.0.113.${i}` }, `bad-${i}-guess`)).statusCode).toBe(
        401,
      );
    expect((await login('192.0.2.50', { 'x-forwarded-for': '203.0.113.200' })).statusCode).toBe(429);
  });
});

describe('an https public URL', () => {
  let t: TestApp;
  let a: TestTenant;
  beforeAll(async () => {
    t = await createTestApp({ config: { publicUrl: 'https://cx.example.com' } });
    a = await createTestTenant(t.ctx);
  });
  afterAll(() => t?.close());

  it('sends HSTS and a Secure cookie even when TLS ends before the server', async () => {
    const res = await injector(t)({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { origin: 'https://cx.example.com' },
      payload: { email: a.users.viewer.email, password: a.password },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(String(res.headers['set-cookie'])).toMatch(/;\s*Secure/i);
  });
});

describe('LOOPCX_TRUST_PROXY', () => {
  it('parses hop counts, addresses, CIDRs and names, and refuses anything else', () => {
    expect(parseTrustProxy(undefined)).toBeUndefined();
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('10.0.0.0/8, 127.0.0.1,::1,fd00::/8,loopback')).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
    for (const bad of ['true', '*', '10.0.0.0/33', 'proxy.example', '0', '1.2.3'])
      expect(() => parseTrustProxy(bad), bad).toThrow(/LOOPCX_TRUST_PROXY/);
  });
});
