import { ZMeResponse } from '@loopcx/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  createTestTenant,
  injector,
  problem,
  type TestApp,
  type TestTenant,
} from '../../testing/harness.ts';

let t: TestApp;
let a: TestTenant;
let inject: ReturnType<typeof injector>;

beforeAll(async () => {
  t = await createTestApp();
  a = await createTestTenant(t.ctx);
  inject = injector(t);
});
afterAll(async () => t.close());

const cookieOf = (res: { headers: Record<string, unknown> }) => {
  const raw = res.headers['set-cookie'];
  const first = Array.isArray(raw) ? raw[0] : String(raw);
  return first.split(';')[0];
};

describe('POST /api/v1/auth/login', () => {
  it('logs in with the right password, sets an HTTP-only cookie, and /me answers with role and scope', async () => {
    const res = await inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: a.users.manager.email, password: a.password },
    });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/lcx_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(res.json()).toMatchObject({ role: 'manager', email: a.users.manager.email, orgUnit: { id: a.units.R1.id } });
    const me = await inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookieOf(res) } });
    expect(me.statusCode).toBe(200);
    expect(me.json().abilities).toContain('org.read');
    expect(me.json().abilities).not.toContain('org.write');
  });

  it('treats the email case-insensitively', async () => {
    const res = await inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: a.users.analyst.email.toUpperCase(), password: a.password },
    });
    expect(res.statusCode).toBe(200);
  });

  it('answers a wrong password and an unknown account alike with 401', async () => {
    const wrong = await inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: a.users.viewer.email, password: 'nope-nope-nope' },
    });
    const unknown = await inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody@nowhere.test', password: 'nope-nope-nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(problem(wrong).detail).toBe(problem(unknown).detail);
  });

  it('rate-limits one account after repeated failures, even with the right password, without affecting others', async () => {
    const email = a.users.agent.email;
    for (let i = 0; i < 5; i++) {
      const r = await inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: `bad-${i}-password` },
      });
      expect(r.statusCode).toBe(401);
    }
    const blocked = await inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: a.password },
    });
    expect(blocked.statusCode).toBe(429);
    expect(problem(blocked).status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    const other = await inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: a.users.admin.email, password: a.password },
    });
    expect(other.statusCode).toBe(200);
    t.clock.advance(16 * 60 * 1000);
    const later = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: a.password } });
    expect(later.statusCode).toBe(200);
  });

  it('rejects malformed bodies with 400/422 problems', async () => {
    const cases: Array<[unknown, number, Record<string, string>?]> = [
      ['{"email":', 400, { 'content-type': 'application/json' }],
      [{ email: 'not-an-email', password: 'x' }, 422],
      [{ email: a.users.admin.email }, 422],
      [{ email: a.users.admin.email, password: 123 }, 422],
      [{ email: "' OR 1=1 --@x.com", password: "' OR 1=1 --" }, 422],
    ];
    for (const [payload, status, headers] of cases) {
      const res = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: payload as never, headers });
      expect(res.statusCode).toBe(status);
      problem(res);
    }
  });
});

describe('sessions', () => {
  it('logout ends the session', async () => {
    const login = await inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: a.users.viewer.email, password: a.password },
    });
    const cookie = cookieOf(login);
    expect((await inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(200);
    const out = await inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, origin: a.as('viewer').origin },
    });
    expect(out.statusCode).toBe(204);
    expect((await inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('rejects forged cookies and bearer keys with 401', async () => {
    for (const headers of [
      { cookie: 'lcx_session=forged' },
      { authorization: 'Bearer lcx_forged' },
      { authorization: 'Bearer ' },
      { authorization: `Bearer ${'x'.repeat(5000)}` },
    ]) {
      const res = await inject({ method: 'GET', url: '/api/v1/me', headers });
      expect(res.statusCode).toBe(401);
      problem(res);
    }
  });

  it('PATCH /me switches the console language', async () => {
    const res = await inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: a.as('analyst'),
      payload: { locale: 'en' },
    });
    expect(res.json().locale).toBe('en');
    expect((await inject({ method: 'GET', url: '/api/v1/me', headers: a.as('analyst') })).json().locale).toBe('en');
    const bad = await inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: a.as('analyst'),
      payload: { locale: 'klingon' },
    });
    expect(bad.statusCode).toBe(422);
  });

  it('stores passwords only as scrypt hashes', async () => {
    const res = (await t.ctx.db.execute(
      (
        await import('../../platform/db.ts')
      ).sql`SELECT password_hash FROM users WHERE tenant_id = ${a.tenantId}`,
    )) as unknown as { rows: Array<{ password_hash: string }> };
    for (const r of res.rows) {
      expect(r.password_hash.startsWith('scrypt$')).toBe(true);
      expect(r.password_hash).not.toContain(a.password);
    }
  });
});

describe('response contract', () => {
  it('/me answers the declared fields only and OpenAPI documents them', async () => {
    const me = (await inject({ method: 'GET', url: '/api/v1/me', headers: a.as('manager') })).json();
    expect(Object.keys(me).sort()).toEqual(Object.keys(ZMeResponse.shape).sort());
    expect(Object.keys(me.tenant).sort()).toEqual(['defaultLocale', 'id', 'name', 'slug', 'timezone']);
    const doc = (await inject({ method: 'GET', url: '/api/docs' })).json();
    const answer = doc.paths['/api/v1/me'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(answer.properties).sort()).toEqual(Object.keys(ZMeResponse.shape).sort());
  });
});
