import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { one, sql } from '../../../platform/db.ts';
import { seal } from '../../../platform/seal.ts';
import { createTestApp, createTestTenant, type TestApp, type TestTenant } from '../../../testing/harness.ts';
import { type ChannelRecord, ChannelSendError, type OutboundInvitation } from './adapter.ts';
import { wechatTemplateAdapter, ZWechatTemplateChannelConfig } from './wechat-template.ts';

const APP_ID = 'wx1234567890abcdef';
const APP_SECRET = 'app-secret-不要泄露-0123456789';

// The stand-in for api.weixin.qq.com: stable_token as documented (normal mode hands back the current token while
// it is valid; force_refresh replaces it), and template/send checking the token, the body's documented fields and
// de-duplicating by openid + client_msg_id.
const wx = {
  tokens: 0,
  current: 'TOKEN-1',
  tokenCalls: [] as Array<{ force: boolean }>,
  delivered: [] as Array<Record<string, unknown>>,
  seen: new Set<string>(),
  /** The next template/send answers these errcodes, one per call. */
  fail: [] as number[],
  refusedOnce: false,
};
const server = createServer((req, res) => {
  let raw = '';
  req.setEncoding('utf8');
  req.on('data', (d: string) => {
    raw += d;
  });
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(raw || '{}');
    } catch {
      return json({ errcode: 47001, errmsg: 'data format error' });
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/stable_token') {
      if (body.grant_type !== 'client_credential') return json({ errcode: 40002, errmsg: 'invalid grant_type' });
      if (body.appid !== APP_ID) return json({ errcode: 40013, errmsg: 'invalid appid' });
      if (body.secret !== APP_SECRET) return json({ errcode: 40125, errmsg: 'invalid appsecret rid: 6752f0a1' });
      wx.tokenCalls.push({ force: body.force_refresh === true });
      if (body.force_refresh === true || wx.refusedOnce) {
        wx.current = `TOKEN-${++wx.tokens + 1}`;
        wx.refusedOnce = false;
      }
      return json({ access_token: wx.current, expires_in: 7200 });
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/message/template/send') {
      const token = url.searchParams.get('access_token');
      if (token !== wx.current) return json({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid' });
      const next = wx.fail.shift();
      if (next === 42001) {
        wx.refusedOnce = true;
        return json({ errcode: 42001, errmsg: 'access_token expired' });
      }
      if (next !== undefined) return json({ errcode: next, errmsg: 'refused' });
      const data = body.data as Record<string, { value?: unknown }> | undefined;
      if (typeof body.touser !== 'string' || typeof body.template_id !== 'string' || !data)
        return json({ errcode: 47003, errmsg: 'argument invalid!' });
      if (Object.values(data).some((v) => typeof v?.value !== 'string'))
        return json({ errcode: 47003, errmsg: 'argument invalid! data.value' });
      const key = `${body.touser}|${body.client_msg_id}`;
      if (!wx.seen.has(key)) {
        wx.seen.add(key);
        wx.delivered.push(body);
      }
      return json({ errcode: 0, errmsg: 'ok', msgid: 200228332 + wx.delivered.length });
    }
    res.writeHead(404).end();
  });
});

let app: TestApp;
let a: TestTenant;
let base: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app = await createTestApp({ config: { outboundAllow: ['127.0.0.1/32'] } });
  a = await createTestTenant(app.ctx);
});
afterAll(async () => {
  await app?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(async () => {
  Object.assign(wx, { tokenCalls: [], delivered: [], fail: [], refusedOnce: false });
  wx.seen.clear();
  await app.ctx.db.execute(sql`DELETE FROM wechat_access_tokens WHERE tenant_id = ${a.tenantId}`);
});

const channel = (secrets: Record<string, string> = { appSecret: APP_SECRET }): ChannelRecord => ({
  id: '0190f0c0-0000-7000-8000-000000000003',
  tenantId: a.tenantId,
  kind: 'wechat-template',
  name: '公众号模板消息',
  url: null,
  config: { appId: APP_ID, templateId: 'ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpBO27izEYtY', apiBaseUrl: base },
  secrets,
});

let n = 0;
const invitation = (over: Partial<OutboundInvitation> = {}): OutboundInvitation => {
  const id = `0190f0c0-0000-7000-8000-${String(++n).padStart(12, '0')}`;
  return {
    invitationId: id,
    sendKey: id,
    reminder: false,
    tenantId: a.tenantId,
    locale: 'zh-CN',
    customer: { id: 'c1', identities: [{ kind: 'wechat_openid', value: 'oia2TjuEGTNoeX76QEjQNrcURxG8' }] },
    url: 'https://cx.savor.example/s/TOKEN123',
    unsubscribeUrl: 'https://cx.savor.example/u/UNSUB',
    survey: { id: 's1', title: '就餐体验调查' },
    message: { text: '请评价' },
    ...over,
  };
};

const send = (m = invitation(), c = channel()) => wechatTemplateAdapter.send(app.ctx, c, m);
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as ChannelSendError,
  );

describe('WeChat template message channel', () => {
  it('sends the documented body to the openid, and the second send reuses the token stored in the database', async () => {
    app.clock.set('2026-12-06T06:30:00Z');
    const first = await send();
    expect(first.providerId).toBe('200228333');
    expect(wx.delivered[0]).toEqual({
      touser: 'oia2TjuEGTNoeX76QEjQNrcURxG8',
      template_id: 'ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpBO27izEYtY',
      url: 'https://cx.savor.example/s/TOKEN123',
      data: {
        first: { value: '感谢您的光临，邀请您评价本次体验' },
        keyword1: { value: '就餐体验调查' },
        keyword2: { value: '2026-12-06 14:30' },
        remark: { value: '点击此消息填写问卷，约需 1 分钟' },
      },
      client_msg_id: expect.stringMatching(/^0190f0c0-/),
    });
    await send();
    expect(wx.delivered).toHaveLength(2);
    expect(wx.tokenCalls).toEqual([{ force: false }]);
    // Stored sealed: the row does not carry the token in clear.
    const row = await one<{ token_sealed: string }>(
      app.ctx.db,
      sql`SELECT token_sealed FROM wechat_access_tokens WHERE tenant_id = ${a.tenantId} AND app_id = ${APP_ID}`,
    );
    expect(row?.token_sealed).toMatch(/^v1\./);
    expect(row?.token_sealed).not.toContain(wx.current);
  });

  it('a token another node stored is used as is; one within 5 minutes of expiry is replaced', async () => {
    const stored = seal(app.ctx.config.secret, 'wechat-access-token', a.tenantId, wx.current);
    const at = app.clock.now();
    await app.ctx.db.execute(
      sql`INSERT INTO wechat_access_tokens (tenant_id, app_id, token_sealed, expires_at)
          VALUES (${a.tenantId}, ${APP_ID}, ${stored}, ${new Date(at.getTime() + 3600_000).toISOString()}::timestamptz)`,
    );
    await send();
    expect(wx.tokenCalls).toHaveLength(0);
    app.clock.advance(3600_000 - 4 * 60_000);
    await send();
    expect(wx.tokenCalls).toHaveLength(1);
    expect(wx.delivered).toHaveLength(2);
  });

  it('an expired token (42001) is refreshed and the message sent once more, delivered once', async () => {
    await send();
    const before = wx.current;
    wx.fail = [42001];
    await send();
    expect(wx.current).not.toBe(before);
    expect(wx.tokenCalls).toEqual([{ force: false }, { force: false }]);
    expect(wx.delivered).toHaveLength(2);
  });

  it('a refused token that normal mode hands back again is force-refreshed, once', async () => {
    await send();
    const before = wx.current;
    // WeChat refuses the token (40001: invalidated elsewhere) while stable_token's normal mode still answers it.
    wx.fail = [40001];
    await send();
    expect(wx.tokenCalls.map((c) => c.force)).toEqual([false, false, true]);
    expect(wx.current).not.toBe(before);
    expect(wx.delivered).toHaveLength(2);
  });

  it('unfollowed customers and bad templates are final; a busy WeChat is retried; the same invitation is not delivered twice', async () => {
    const m = invitation();
    wx.fail = [43004];
    expect(await failure(send(m))).toMatchObject({ retryable: false, code: 43004 });
    wx.fail = [40037];
    expect(await failure(send(m))).toMatchObject({ retryable: false, code: 40037 });
    wx.fail = [-1];
    expect(await failure(send(m))).toMatchObject({ retryable: true, code: -1 });
    await send(m);
    await send(m);
    expect(wx.delivered).toHaveLength(1);
    // A resend (another sendKey) reaches the customer again.
    await send({ ...m, sendKey: `${m.invitationId}.1` });
    expect(wx.delivered.map((d) => d.client_msg_id)).toEqual([m.invitationId, `${m.invitationId}.1`]);
  });

  it('a wrong AppSecret fails for good without the secret or the token in the message', async () => {
    const err = await failure(send(invitation(), channel({ appSecret: 'wrong-app-secret' })));
    expect(err).toBeInstanceOf(ChannelSendError);
    expect(err).toMatchObject({ retryable: false, code: 40125 });
    expect(err?.message).not.toContain('wrong-app-secret');
    expect(wx.delivered).toHaveLength(0);
  });

  it('a customer without an openid fails at once', async () => {
    const err = await failure(
      send(invitation({ customer: { id: 'c', identities: [{ kind: 'member', value: 'M1' }] } })),
    );
    expect(err).toMatchObject({ retryable: false, code: 'no_wechat_openid' });
    expect(wx.tokenCalls).toHaveLength(0);
  });

  it('custom template fields and English text', async () => {
    const c = channel();
    c.config = { ...c.config, data: { thing1: '{title}', time2: '{date}' } };
    await send(invitation({ locale: 'en', survey: { id: 's', title: 'Dining survey' } }), c);
    expect(Object.keys(wx.delivered[0].data as object)).toEqual(['thing1', 'time2']);
    expect((wx.delivered[0].data as Record<string, { value: string }>).thing1.value).toBe('Dining survey');
  });

  it('the channel settings are validated', () => {
    expect(ZWechatTemplateChannelConfig.safeParse({ appId: APP_ID, templateId: 't' }).success).toBe(true);
    const bad = ZWechatTemplateChannelConfig.safeParse({ appId: 'wx1', templateId: '', data: { '1bad': 'x' } });
    expect(bad.error?.issues.map((i) => i.path[0]).sort()).toEqual(['appId', 'data', 'templateId']);
  });
});
