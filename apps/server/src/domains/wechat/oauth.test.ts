import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, sql } from '../../platform/db.ts';
import { runDueJobs } from '../../platform/jobs.ts';
import {
  createTestApp,
  createTestTenant,
  injector,
  problem,
  type TestApp,
  type TestTenant,
} from '../../testing/harness.ts';
import { signState, verifyOpenidCookie, verifyState } from './oauth.ts';

/** A directory holding a respondent page shell like the build's (the page's script reads the rest from the API). */
function standInShell() {
  const dir = mkdtempSync(join(tmpdir(), 'loopcx-survey-shell-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><body><div id="root"></div></body></html>');
  return dir;
}

const APP_ID = 'wx0a1b2c3d4e5f6a7b';
const APP_SECRET = 'official-account-secret-0123456789';
const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN';

// The stand-in for open.weixin.qq.com and api.weixin.qq.com: the authorize page sends the user back to
// redirect_uri with a one-time code (snsapi_base needs no consent), and /sns/oauth2/access_token checks appid,
// secret, grant_type and the code (40029 unknown, 40163 used) before answering the openid.
const codes = new Map<string, { openid: string; used: boolean; snapshot?: boolean }>();
let nextOpenid = 'oLVPpjqs9BhvzwPj5A-vTYAX3GLc';
let snapshotNext = false;
const authorizeRequests: URL[] = [];
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const json = (body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (url.pathname === '/connect/oauth2/authorize') {
    authorizeRequests.push(url);
    const code = `CODE${codes.size + 1}x${Math.random().toString(36).slice(2, 8)}`;
    codes.set(code, { openid: nextOpenid, used: false, snapshot: snapshotNext });
    const back = new URL(url.searchParams.get('redirect_uri') ?? '');
    back.searchParams.set('code', code);
    back.searchParams.set('state', url.searchParams.get('state') ?? '');
    res.writeHead(302, { location: back.toString() });
    return res.end();
  }
  if (url.pathname === '/sns/oauth2/access_token') {
    const q = url.searchParams;
    if (q.get('appid') !== APP_ID) return json({ errcode: 40013, errmsg: 'invalid appid' });
    if (q.get('secret') !== APP_SECRET) return json({ errcode: 40125, errmsg: 'invalid appsecret' });
    if (q.get('grant_type') !== 'authorization_code') return json({ errcode: 40002, errmsg: 'invalid grant_type' });
    const c = codes.get(q.get('code') ?? '');
    if (!c) return json({ errcode: 40029, errmsg: 'invalid code' });
    if (c.used) return json({ errcode: 40163, errmsg: 'code been used' });
    c.used = true;
    return json({
      access_token: 'ACCESS_TOKEN_FOR_USER',
      expires_in: 7200,
      refresh_token: 'REFRESH',
      openid: c.openid,
      scope: 'snsapi_base',
      ...(c.snapshot ? { is_snapshotuser: 1 } : {}),
    });
  }
  res.writeHead(404).end();
});

const logLines: string[] = [];
let t: TestApp;
let a: TestTenant;
let b: TestTenant;
let inject: ReturnType<typeof injector>;
let base: string;
let surveyId: string;
let token: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await createTestApp({
    config: {
      outboundAllow: ['127.0.0.1/32'],
      publicUrl: 'https://cx.savor.example',
      logLevel: 'debug',
      // The page's shell, so these tests need no `npm run build` (the redirect and cookie logic are the server's).
      surveyDist: standInShell(),
    },
    logStream: { write: (l) => void logLines.push(l) },
  });
  a = await createTestTenant(t.ctx);
  b = await createTestTenant(t.ctx);
  inject = injector(t);
  const admin = a.as('admin');
  const survey = (
    await inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: admin,
      payload: {
        name: '门店体验',
        definition: { elements: [{ type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 }] },
        bindings: { nps: 'nps' },
      },
    })
  ).json();
  surveyId = survey.id;
  expect(
    (await inject({ method: 'POST', url: `/api/v1/surveys/${surveyId}/publish`, headers: admin })).statusCode,
  ).toBe(200);
  const link = await inject({ method: 'POST', url: `/api/v1/surveys/${surveyId}/links`, headers: admin, payload: {} });
  expect(link.statusCode).toBe(201);
  token = link.json().token;
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const account = (over: Record<string, unknown> = {}) => ({
  appId: APP_ID,
  appSecret: APP_SECRET,
  authorizeBaseUrl: base,
  apiBaseUrl: base,
  ...over,
});

/** Opens the survey page as WeChat's browser would, following WeChat's redirects, and returns the final answer. */
async function openInWechat(cookie?: string) {
  const first = await inject({
    method: 'GET',
    url: `/s/${token}`,
    headers: { 'user-agent': WECHAT_UA, ...(cookie ? { cookie } : {}) },
  });
  if (first.statusCode !== 302) return { first, final: first, cookie };
  const location = String(first.headers.location);
  // WeChat's authorize page (the stand-in) answers with the redirect back to the survey page.
  const wechat = await fetch(location.replace('#wechat_redirect', ''), { redirect: 'manual' });
  const back = new URL(String(wechat.headers.get('location')));
  expect(back.origin).toBe('https://cx.savor.example');
  const returned = await inject({
    method: 'GET',
    url: `${back.pathname}${back.search}`,
    headers: { 'user-agent': WECHAT_UA },
  });
  const setCookie = returned.cookies.find((c) => c.name === 'lcx_wx');
  const jar = setCookie ? `lcx_wx=${setCookie.value}` : undefined;
  if (returned.statusCode !== 302) return { first, final: returned, cookie: jar, setCookie };
  const final = await inject({
    method: 'GET',
    url: String(returned.headers.location).replace('https://cx.savor.example', ''),
    headers: { 'user-agent': WECHAT_UA, ...(jar ? { cookie: jar } : {}) },
  });
  return { first, final, cookie: jar, setCookie, returned };
}

const submit = (answers: Record<string, unknown>, key: string, cookie?: string) =>
  inject({
    method: 'POST',
    url: '/api/v1/responses',
    headers: cookie ? { cookie } : {},
    payload: { token, answers, idempotencyKey: key },
  });

describe('the tenant WeChat official account (API)', () => {
  it('401 without a session, 403 for an analyst, 422 for a malformed AppID or a first save without the secret', async () => {
    expect((await inject({ method: 'PUT', url: '/api/v1/wechat-account', payload: account() })).statusCode).toBe(401);
    expect(
      (await inject({ method: 'PUT', url: '/api/v1/wechat-account', headers: a.as('analyst'), payload: account() }))
        .statusCode,
    ).toBe(403);
    const bad = await inject({
      method: 'PUT',
      url: '/api/v1/wechat-account',
      headers: a.as('admin'),
      payload: account({ appId: 'wx123', oauthEnabled: 'yes' }),
    });
    expect(bad.statusCode).toBe(422);
    expect(
      problem(bad)
        .invalidParams?.map((p: { name: string }) => p.name)
        .sort(),
    ).toEqual(['appId', 'oauthEnabled']);
    const noSecret = await inject({
      method: 'PUT',
      url: '/api/v1/wechat-account',
      headers: a.as('admin'),
      payload: account({ appSecret: undefined }),
    });
    expect(noSecret.statusCode).toBe(422);
    expect(problem(noSecret).invalidParams?.[0].name).toBe('appSecret');
    expect((await inject({ method: 'GET', url: '/api/v1/wechat-account', headers: a.as('admin') })).statusCode).toBe(
      404,
    );
  });

  it('saves the account with its secret sealed and never answered; another tenant does not see it', async () => {
    const saved = await inject({
      method: 'PUT',
      url: '/api/v1/wechat-account',
      headers: a.as('admin'),
      payload: account(),
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ appId: APP_ID, hasSecret: true, oauthEnabled: true, apiBaseUrl: base });
    expect(saved.body).not.toContain(APP_SECRET);
    const row = await one<{ s: string }>(
      t.ctx.db,
      sql`SELECT app_secret_sealed AS s FROM wechat_accounts WHERE tenant_id = ${a.tenantId}`,
    );
    expect(row?.s).toMatch(/^v1\./);
    expect(row?.s).not.toContain(APP_SECRET);
    // Saving again without the secret keeps it.
    expect(
      (
        await inject({
          method: 'PUT',
          url: '/api/v1/wechat-account',
          headers: a.as('admin'),
          payload: account({ appSecret: undefined }),
        })
      ).statusCode,
    ).toBe(200);
    expect((await inject({ method: 'GET', url: '/api/v1/wechat-account', headers: b.as('admin') })).statusCode).toBe(
      404,
    );
  });

  it("a survey's one-response-per-openid rule: 404 across tenants, 403 for a viewer, 422 for a non-boolean", async () => {
    const url = `/api/v1/surveys/${surveyId}/wechat`;
    expect(
      (await inject({ method: 'PUT', url, headers: b.as('admin'), payload: { oneResponsePerOpenid: true } }))
        .statusCode,
    ).toBe(404);
    expect(
      (await inject({ method: 'PUT', url, headers: a.as('viewer'), payload: { oneResponsePerOpenid: true } }))
        .statusCode,
    ).toBe(403);
    expect(
      (await inject({ method: 'PUT', url, headers: a.as('admin'), payload: { oneResponsePerOpenid: 'on' } }))
        .statusCode,
    ).toBe(422);
    expect((await inject({ method: 'GET', url, headers: a.as('viewer') })).json()).toEqual({
      oneResponsePerOpenid: false,
    });
  });
});

describe('snsapi_base on the survey page', () => {
  it('outside WeChat the page is served as before, without any redirect', async () => {
    const res = await inject({
      method: 'GET',
      url: `/s/${token}`,
      headers: { 'user-agent': 'Mozilla/5.0 (iPhone) Safari/604.1' },
    });
    expect(res.statusCode).toBe(200);
    expect(authorizeRequests).toHaveLength(0);
  });

  it('inside WeChat: redirect to the documented authorize URL, code exchange, openid cookie, clean page; the response carries the openid', async () => {
    const { first, final, setCookie, returned } = await openInWechat();
    const location = String(first.headers.location);
    expect(location.startsWith(`${base}/connect/oauth2/authorize?appid=${APP_ID}&redirect_uri=`)).toBe(true);
    expect(location.endsWith('#wechat_redirect')).toBe(true);
    const q = new URL(location.replace('#wechat_redirect', '')).searchParams;
    expect(q.get('redirect_uri')).toBe(`https://cx.savor.example/s/${token}`);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('scope')).toBe('snsapi_base');
    expect(q.get('state')).toMatch(/^[A-Za-z0-9]{1,128}$/);
    expect(returned?.statusCode).toBe(302);
    expect(returned?.headers.location).toBe(`https://cx.savor.example/s/${token}`);
    expect(setCookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    expect(verifyOpenidCookie(t.ctx.config.secret, setCookie?.value, a.tenantId, APP_ID, t.clock.now())).toBe(
      'oLVPpjqs9BhvzwPj5A-vTYAX3GLc',
    );
    expect(final.statusCode).toBe(200);

    const sent = await submit({ nps: 9 }, 'wx-first-0001', `lcx_wx=${setCookie?.value}`);
    expect(sent.statusCode).toBe(201);
    const stored = await one<{ openid: string }>(
      t.ctx.db,
      sql`SELECT context->'wechat'->>'openid' AS openid FROM responses WHERE tenant_id = ${a.tenantId} AND id = ${sent.json().id}`,
    );
    expect(stored?.openid).toBe('oLVPpjqs9BhvzwPj5A-vTYAX3GLc');
    // Customer resolution makes it a wechat_openid identity of a profile (the response was anonymous).
    while ((await runDueJobs(t.ctx, undefined, { tenantIds: [a.tenantId] })) > 0);
    const identity = await one<{ customer_id: string }>(
      t.ctx.db,
      sql`SELECT customer_id FROM customer_identities WHERE tenant_id = ${a.tenantId} AND kind = 'wechat_openid' AND value = 'oLVPpjqs9BhvzwPj5A-vTYAX3GLc'`,
    );
    expect(identity).toBeDefined();
    const resolved = await one<{ customer_id: string }>(
      t.ctx.db,
      sql`SELECT customer_id FROM responses WHERE tenant_id = ${a.tenantId} AND id = ${sent.json().id}`,
    );
    expect(resolved?.customer_id).toBe(identity?.customer_id);
  });

  it('a forged state or a used code shows the page without an openid instead of looping through WeChat', async () => {
    const forged = await inject({
      method: 'GET',
      url: `/s/${token}?code=CODE1xabc&state=1999999999${'0'.repeat(32)}`,
      headers: { 'user-agent': WECHAT_UA },
    });
    expect(forged.statusCode).toBe(200);
    expect(forged.cookies.find((c) => c.name === 'lcx_wx')).toBeUndefined();
    const [used] = [...codes.keys()];
    const state = signState(t.ctx.config.secret, a.tenantId, token, t.clock.now());
    const replay = await inject({
      method: 'GET',
      url: `/s/${token}?code=${used}&state=${state}`,
      headers: { 'user-agent': WECHAT_UA },
    });
    expect(replay.statusCode).toBe(200);
    expect(replay.cookies.find((c) => c.name === 'lcx_wx')).toBeUndefined();
    // A state is bound to its tenant, its link and its expiry.
    expect(verifyState(t.ctx.config.secret, b.tenantId, token, state, t.clock.now())).toBe(false);
    expect(
      verifyState(t.ctx.config.secret, a.tenantId, token, state, new Date(t.clock.now().getTime() + 11 * 60_000)),
    ).toBe(false);
  });

  it("a WeChat snapshot-mode visitor's stand-in openid is never recorded", async () => {
    snapshotNext = true;
    const { final, setCookie } = await openInWechat();
    snapshotNext = false;
    expect(final.statusCode).toBe(200);
    expect(setCookie).toBeUndefined();
  });

  it('one response per openid: a second submission is 409 with a clear reason, the same one retried is not, and the page says so', async () => {
    expect(
      (
        await inject({
          method: 'PUT',
          url: `/api/v1/surveys/${surveyId}/wechat`,
          headers: a.as('admin'),
          payload: { oneResponsePerOpenid: true },
        })
      ).json(),
    ).toEqual({ oneResponsePerOpenid: true });
    nextOpenid = 'oLVPpjqs9BhvzwPj5A-second';
    const { cookie } = await openInWechat();
    expect(cookie).toBeDefined();
    // Concurrent first submissions with two keys: exactly one is stored.
    const [x, y] = await Promise.all([submit({ nps: 10 }, 'wx-one-a', cookie), submit({ nps: 3 }, 'wx-one-b', cookie)]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([201, 409]);
    const refused = x.statusCode === 409 ? x : y;
    expect(problem(refused)).toMatchObject({
      status: 409,
      reason: 'already_answered',
      detail: 'You have already answered this survey',
    });
    // The accepted submission retried (network drop) is answered again, not refused.
    const acceptedKey = x.statusCode === 201 ? 'wx-one-a' : 'wx-one-b';
    const retried = await submit(x.statusCode === 201 ? { nps: 10 } : { nps: 3 }, acceptedKey, cookie);
    expect(retried.statusCode).toBe(200);
    // Opening the link again inside WeChat: the 409 page, in both languages.
    const again = await inject({
      method: 'GET',
      url: `/s/${token}`,
      headers: { 'user-agent': WECHAT_UA, cookie: cookie! },
    });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('您已经填写过这份问卷');
    expect(again.body).toContain('You have already answered this survey');
    // Without an openid (another browser) the survey stays open.
    expect((await submit({ nps: 7 }, 'wx-no-openid')).statusCode).toBe(201);
  });

  it('an invalid submission does not use up the openid', async () => {
    nextOpenid = 'oLVPpjqs9BhvzwPj5A-third';
    const { cookie } = await openInWechat();
    expect((await submit({ nps: 'eleven' }, 'wx-bad-0001', cookie)).statusCode).toBe(422);
    expect((await submit({ nps: 8 }, 'wx-good-0001', cookie)).statusCode).toBe(201);
  });

  it('a cookie signed for another tenant is ignored', async () => {
    const { cookie } = await openInWechat();
    const value = cookie!.split('=')[1];
    expect(verifyOpenidCookie(t.ctx.config.secret, value, b.tenantId, undefined, t.clock.now())).toBeUndefined();
    const tampered = value.replace(/\.[^.]+\.(\d+)\./, '.oSomeoneElse123.$1.');
    expect(verifyOpenidCookie(t.ctx.config.secret, tampered, a.tenantId, undefined, t.clock.now())).toBeUndefined();
  });

  it('with OAuth switched off, or the account removed, WeChat visitors see the page directly', async () => {
    await inject({
      method: 'PUT',
      url: '/api/v1/wechat-account',
      headers: a.as('admin'),
      payload: account({ appSecret: undefined, oauthEnabled: false }),
    });
    expect((await inject({ method: 'GET', url: `/s/${token}`, headers: { 'user-agent': WECHAT_UA } })).statusCode).toBe(
      200,
    );
    expect((await inject({ method: 'DELETE', url: '/api/v1/wechat-account', headers: a.as('admin') })).statusCode).toBe(
      204,
    );
    expect((await inject({ method: 'DELETE', url: '/api/v1/wechat-account', headers: a.as('admin') })).statusCode).toBe(
      404,
    );
    expect((await inject({ method: 'GET', url: `/s/${token}`, headers: { 'user-agent': WECHAT_UA } })).statusCode).toBe(
      200,
    );
  });

  it('logs carry neither the AppSecret, the authorisation codes, the state nor the openid cookie', async () => {
    await inject({ method: 'PUT', url: '/api/v1/wechat-account', headers: a.as('admin'), payload: account() });
    nextOpenid = 'oLVPpjqs9BhvzwPj5A-logged';
    const { cookie } = await openInWechat();
    const logs = logLines.join('\n');
    expect(logs).toContain('/s/');
    for (const secret of [APP_SECRET, ...codes.keys(), cookie!.split('=')[1]]) expect(logs).not.toContain(secret);
    expect(logs).not.toMatch(/state=\d{10}[0-9a-f]{32}/);
  });
});
