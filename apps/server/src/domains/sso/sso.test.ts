import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, rows, sql } from '../../platform/db.ts';
import {
  createTestApp,
  createTestTenant,
  injector,
  problem,
  type TestApp,
  type TestTenant,
} from '../../testing/harness.ts';
import { startTestOidcProvider, type TestOidcProvider } from '../../testing/oidc-provider.ts';
import { forgetProviders } from './oidc.ts';

/**
 * Single sign-on against two real OpenID providers in-process (the `oidc-provider` package): tenant A signs in
 * with provider P1, tenant B with P2. The loopcx server reaches them through platform/outbound.ts with 127.0.0.1
 * allow-listed, as an operator would allow an internal provider.
 */
let t: TestApp;
let a: TestTenant;
let b: TestTenant;
let p1: TestOidcProvider;
let p2: TestOidcProvider;
let inject: ReturnType<typeof injector>;
const CALLBACK = 'http://localhost:3000/api/v1/auth/sso/callback';

beforeAll(async () => {
  t = await createTestApp({ config: { outboundAllow: ['127.0.0.1/32'], publicUrl: 'http://localhost:3000' } });
  inject = injector(t);
  a = await createTestTenant(t.ctx);
  b = await createTestTenant(t.ctx);
  p1 = await startTestOidcProvider([{ clientId: 'loopcx-a', clientSecret: 'secret-of-a', redirectUri: CALLBACK }]);
  p2 = await startTestOidcProvider([{ clientId: 'loopcx-b', clientSecret: 'secret-of-b', redirectUri: CALLBACK }]);
  forgetProviders();
  p1.accounts.set('alice-1', {
    sub: 'alice-1',
    email: `alice@${a.slug}.test`,
    email_verified: true,
    name: 'Alice Analyst',
    groups: ['everyone', 'cx-analysts'],
    store_code: a.units.S1.code,
  });
  p1.accounts.set('owner-1', { sub: 'owner-1', email: a.users.manager.email, email_verified: false, name: 'Not me' });
  p2.accounts.set('bob-2', { sub: 'bob-2', email: `bob@${b.slug}.test`, email_verified: true, name: 'Bob' });
  const configure = async (tenant: TestTenant, issuer: string, clientId: string, clientSecret: string) => {
    const res = await inject({
      method: 'PUT',
      url: '/api/v1/sso/config',
      headers: tenant.as('owner'),
      payload: {
        enabled: true,
        providerName: 'Corp IdP',
        issuer,
        clientId,
        clientSecret,
        scopes: 'openid email profile groups store',
        roleClaim: 'groups',
        roleRules: [
          { value: 'cx-admins', role: 'admin' },
          { value: 'cx-analysts', role: 'analyst' },
        ],
        defaultRole: 'viewer',
        unitClaim: 'store_code',
      },
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  await configure(a, p1.issuer, 'loopcx-a', 'secret-of-a');
  await configure(b, p2.issuer, 'loopcx-b', 'secret-of-b');
});

afterAll(async () => {
  await p1?.close();
  await p2?.close();
  await t?.close();
});

const cookieOf = (res: LightMyRequestResponse, name: string) => {
  const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return set
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0]
    .slice(name.length + 1);
};

/** Starts a sign-in at loopcx: the provider URL and the state cookie this browser got. */
async function start(tenant: TestTenant) {
  const res = await inject({ method: 'GET', url: `/api/v1/auth/sso/${tenant.slug}/start` });
  expect(res.statusCode, res.body).toBe(302);
  return { location: String(res.headers.location), state: cookieOf(res, 'lcx_sso')! };
}

/** The browser at the provider: follows its redirects (keeping its cookies) until it is sent back to loopcx. */
async function atProvider(provider: TestOidcProvider, location: string, account: string): Promise<URL> {
  provider.loginAs(account);
  const jar = new Map<string, string>();
  let url = location;
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    const next = res.headers.get('location');
    if (!next) throw new Error(`the provider stopped at ${res.status}: ${(await res.text()).slice(0, 300)}`);
    url = new URL(next, url).toString();
    if (url.startsWith(CALLBACK)) return new URL(url);
  }
  throw new Error('too many redirects at the provider');
}

/** Back at loopcx's callback with the state cookie (or another). */
const callback = (back: URL, stateCookie: string | undefined) =>
  inject({
    method: 'GET',
    url: `${back.pathname}${back.search}`,
    headers: stateCookie ? { cookie: `lcx_sso=${stateCookie}` } : {},
  });

async function signIn(tenant: TestTenant, provider: TestOidcProvider, account: string) {
  const s = await start(tenant);
  t.clock.set(new Date());
  return callback(await atProvider(provider, s.location, account), s.state);
}

const me = (session: string) =>
  inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `lcx_session=${session}` } });

describe('single sign-on (OpenID Connect, authorization code + PKCE)', () => {
  it('the login page finds the provider by the organisation slug; unknown slugs are 404, bad ones 422', async () => {
    const res = await inject({ method: 'GET', url: `/api/v1/auth/sso?tenant=${a.slug}` });
    expect(res.json()).toEqual({
      tenant: { slug: a.slug, name: `Tenant ${a.slug}` },
      provider: { name: 'Corp IdP', startUrl: `/api/v1/auth/sso/${a.slug}/start` },
      ssoOnly: false,
    });
    expect(problem(await inject({ method: 'GET', url: '/api/v1/auth/sso?tenant=no-such-org' })).status).toBe(404);
    expect(problem(await inject({ method: 'GET', url: '/api/v1/auth/sso?tenant=%2F..' })).status).toBe(422);
  });

  it('the start redirects to the provider with PKCE (S256), state and nonce', async () => {
    const s = await start(a);
    const url = new URL(s.location);
    expect(url.origin).toBe(p1.issuer);
    expect(url.searchParams.get('client_id')).toBe('loopcx-a');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).toBe(s.state);
    expect(url.searchParams.get('redirect_uri')).toBe(CALLBACK);
  });

  it('a first sign-in creates the user just in time with the mapped role and unit; the second reuses it', async () => {
    const first = await signIn(a, p1, 'alice-1');
    expect(first.statusCode, first.body).toBe(302);
    expect(first.headers.location).toBe('/');
    const session = cookieOf(first, 'lcx_session')!;
    const who = (await me(session)).json();
    expect(who).toMatchObject({ email: `alice@${a.slug}.test`, name: 'Alice Analyst', role: 'analyst' });
    expect(who.tenant.id).toBe(a.tenantId);
    expect(who.orgUnit.id).toBe(a.units.S1.id);

    const second = await signIn(a, p1, 'alice-1');
    expect(second.statusCode).toBe(302);
    expect((await me(cookieOf(second, 'lcx_session')!)).json().id).toBe(who.id);
    const users = await rows(
      t.ctx.db,
      sql`SELECT id FROM users WHERE tenant_id = ${a.tenantId} AND email = ${who.email}`,
    );
    expect(users).toHaveLength(1);
    const audit = await rows<{ action: string; after: { method?: string; via?: string } }>(
      t.ctx.db,
      sql`SELECT action, after FROM audit_log WHERE tenant_id = ${a.tenantId} AND target_id = ${who.id} ORDER BY id`,
    );
    expect(audit.map((e) => e.action)).toEqual(['user.create', 'auth.login', 'auth.login']);
    expect(audit[0].after.via).toBe('sso');
  });

  it('refuses a wrong or foreign state, a replayed callback and a missing state cookie', async () => {
    const s = await start(a);
    const back = await atProvider(p1, s.location, 'alice-1');
    // Another browser (no cookie, or another sign-in's cookie) cannot complete it…
    const other = await start(a);
    expect(problem(await callback(back, other.state)).status).toBe(401);
    // …and the state is single use: the refused attempt consumed it.
    expect(problem(await callback(back, s.state)).status).toBe(401);
    const s2 = await start(a);
    const back2 = await atProvider(p1, s2.location, 'alice-1');
    const forged = new URL(back2);
    forged.searchParams.set('state', `${s2.state.slice(0, -2)}xx`);
    expect(problem(await callback(forged, `${s2.state.slice(0, -2)}xx`)).status).toBe(401);
    expect(problem(await callback(back2, undefined)).status).toBe(401);
    const reasons = await rows<{ reason: string }>(
      t.ctx.db,
      sql`SELECT after->>'reason' AS reason FROM audit_log WHERE tenant_id = ${a.tenantId} AND action = 'auth.login_failed'`,
    );
    expect(reasons.map((r) => r.reason)).toContain('state');
  });

  it('a browser is sent back to the login page with the reason', async () => {
    const res = await inject({
      method: 'GET',
      url: '/api/v1/auth/sso/callback?code=x&state=unknown',
      headers: { accept: 'text/html' },
    });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/login?ssoError=state');
  });

  it('refuses an ID token whose nonce is not the one this sign-in stored', async () => {
    const s = await start(a);
    await t.ctx.db.execute(sql`UPDATE sso_logins SET nonce = 'another-nonce' WHERE tenant_id = ${a.tenantId}`);
    const res = await callback(await atProvider(p1, s.location, 'alice-1'), s.state);
    expect(problem(res).detail).toMatch(/nonce/);
  });

  it('refuses an expired ID token', async () => {
    const s = await start(a);
    await t.ctx.db.execute(
      sql`UPDATE sso_logins SET expires_at = now() + interval '1 day' WHERE tenant_id = ${a.tenantId}`,
    );
    const back = await atProvider(p1, s.location, 'alice-1');
    t.clock.set(new Date(Date.now() + 3 * 3_600_000)); // the provider's ID tokens live one hour
    const res = await callback(back, s.state);
    expect(problem(res).detail).toMatch(/expired/);
    t.clock.set(new Date());
  });

  it('refuses a disabled user', async () => {
    const user = await one<{ id: string }>(
      t.ctx.db,
      sql`SELECT id FROM users WHERE tenant_id = ${a.tenantId} AND email = ${`alice@${a.slug}.test`}`,
    );
    const off = await inject({
      method: 'PATCH',
      url: `/api/v1/users/${user!.id}`,
      headers: a.as('owner'),
      payload: { status: 'disabled' },
    });
    expect(off.statusCode).toBe(200);
    const res = await signIn(a, p1, 'alice-1');
    expect(problem(res).detail).toMatch(/disabled/);
    expect(cookieOf(res, 'lcx_session')).toBeUndefined();
    await inject({
      method: 'PATCH',
      url: `/api/v1/users/${user!.id}`,
      headers: a.as('owner'),
      payload: { status: 'active' },
    });
  });

  it('does not link an existing user by an email the provider has not verified', async () => {
    const res = await signIn(a, p1, 'owner-1');
    expect(problem(res).detail).toMatch(/not verified/);
  });

  it("another tenant's provider cannot sign anyone into this tenant", async () => {
    const bob = await signIn(b, p2, 'bob-2');
    expect(bob.statusCode, bob.body).toBe(302);
    expect((await me(cookieOf(bob, 'lcx_session')!)).json().tenant.id).toBe(b.tenantId);
    // P2's code for Bob, brought back on a sign-in tenant A started: A redeems codes only at P1, as loopcx-a.
    const sB = await start(b);
    const backB = await atProvider(p2, sB.location, 'bob-2');
    const sA = await start(a);
    const swapped = new URL(backB);
    swapped.searchParams.set('state', sA.state);
    const res = await callback(swapped, sA.state);
    expect(problem(res).detail).toMatch(/another identity provider/); // RFC 9207 `iss` names P2
    // Without the `iss` parameter, A redeems the code at P1 as loopcx-a, which refuses P2's code.
    const sA2 = await start(a);
    const sB2 = await start(b);
    const stripped = new URL(await atProvider(p2, sB2.location, 'bob-2'));
    stripped.searchParams.delete('iss');
    stripped.searchParams.set('state', sA2.state);
    expect(problem(await callback(stripped, sA2.state)).detail).toMatch(/refused the code/);
    const inA = await rows(
      t.ctx.db,
      sql`SELECT 1 FROM users WHERE tenant_id = ${a.tenantId} AND email = ${`bob@${b.slug}.test`}`,
    );
    expect(inA).toEqual([]);
  });

  it('"SSO only" refuses password logins except for owners', async () => {
    const cfg = (await inject({ method: 'GET', url: '/api/v1/sso/config', headers: b.as('owner') })).json();
    const { configured, hasClientSecret, redirectUri, loginUrl, updatedAt, ...rest } = cfg;
    const on = await inject({
      method: 'PUT',
      url: '/api/v1/sso/config',
      headers: b.as('owner'),
      payload: { ...rest, ssoOnly: true },
    });
    expect(on.statusCode, on.body).toBe(200);
    const login = (email: string) =>
      inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: b.password } });
    expect(problem(await login(b.users.analyst.email)).status).toBe(403);
    expect((await login(b.users.owner.email)).statusCode).toBe(200);
    expect((await inject({ method: 'GET', url: `/api/v1/auth/sso?tenant=${b.slug}` })).json().ssoOnly).toBe(true);
  });
});

describe('/api/v1/sso/config', () => {
  it('401, 403 for other roles, for API keys and for admins below the root', async () => {
    expect((await inject({ method: 'GET', url: '/api/v1/sso/config' })).statusCode).toBe(401);
    for (const role of ['analyst', 'manager', 'viewer']) {
      expect(problem(await inject({ method: 'GET', url: '/api/v1/sso/config', headers: a.as(role) })).status).toBe(403);
    }
    const key = (
      await inject({ method: 'POST', url: '/api/v1/api-keys', headers: a.as('owner'), payload: { name: 'k' } })
    ).json().key;
    const res = await inject({ method: 'GET', url: '/api/v1/sso/config', headers: { authorization: `Bearer ${key}` } });
    expect(problem(res).status).toBe(403);
  });

  it('never returns the client secret, stores it sealed, and audits the change without it', async () => {
    const res = await inject({ method: 'GET', url: '/api/v1/sso/config', headers: a.as('admin') });
    expect(res.json()).toMatchObject({
      configured: true,
      hasClientSecret: true,
      issuer: p1.issuer,
      redirectUri: CALLBACK,
      loginUrl: `http://localhost:3000/login?tenant=${a.slug}`,
    });
    expect(res.body).not.toContain('secret-of-a');
    const stored = await one<{ client_secret_enc: string }>(
      t.ctx.db,
      sql`SELECT client_secret_enc FROM sso_configs WHERE tenant_id = ${a.tenantId}`,
    );
    expect(stored!.client_secret_enc).not.toContain('secret-of-a');
    const entries = await rows<{ before: unknown; after: unknown }>(
      t.ctx.db,
      sql`SELECT before, after FROM audit_log WHERE tenant_id = ${a.tenantId} AND action = 'sso.update'`,
    );
    expect(entries.length).toBeGreaterThan(0);
    expect(JSON.stringify(entries)).not.toContain('secret-of-a');
    expect(entries[0].after).toMatchObject({ issuer: p1.issuer, clientSecretChanged: true });
  });

  it('422 on bad input (no secret the first time, no openid scope, bad issuer), 404 for another tenant’s unit', async () => {
    const t3 = await createTestTenant(t.ctx);
    const base = { enabled: true, providerName: 'X', issuer: 'https://idp.example', clientId: 'c' };
    const put = (payload: unknown, tenant = t3) =>
      inject({ method: 'PUT', url: '/api/v1/sso/config', headers: tenant.as('owner'), payload: payload as object });
    expect(problem(await put(base)).invalidParams?.[0].name).toBe('clientSecret');
    expect(problem(await put({ ...base, clientSecret: 's', scopes: 'email' })).status).toBe(422);
    expect(problem(await put({ ...base, clientSecret: 's', issuer: 'ftp://idp.example' })).status).toBe(422);
    expect(problem(await put({ ...base, clientSecret: 's', roleRules: [{ value: 'x', role: 'owner' }] })).status).toBe(
      422,
    );
    expect(
      problem(await put({ ...base, clientSecret: 's', unitRules: [{ value: 'x', orgUnitId: a.units.S1.id }] })).status,
    ).toBe(404);
    expect((await put({ ...base, clientSecret: 's' })).statusCode).toBe(200);
    const del = await inject({ method: 'DELETE', url: '/api/v1/sso/config', headers: t3.as('owner') });
    expect(del.statusCode).toBe(204);
    expect((await inject({ method: 'GET', url: `/api/v1/auth/sso?tenant=${t3.slug}` })).json().provider).toBeNull();
  });
});
