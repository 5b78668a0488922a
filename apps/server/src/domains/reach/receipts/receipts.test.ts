import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, sql } from '../../../platform/db.ts';
import { runDueJobs } from '../../../platform/jobs.ts';
import { createTestApp, createTestTenant, type TestApp, type TestTenant } from '../../../testing/harness.ts';
import { wechatSignature } from './tokens.ts';

// The gateway stand-in accepts every invitation; the providers' receipts are then posted the way each documents.
const sent: Array<{ headers: Record<string, string>; body: string }> = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => {
    body += d;
  });
  req.on('end', () => {
    sent.push({ headers: req.headers as Record<string, string>, body });
    res.statusCode = 200;
    res.end('{}');
  });
});

let app: TestApp;
let a: TestTenant;
let b: TestTenant;
let surveyId: string;
let webhook: { id: string; secret: string };

const call = (t: TestTenant, method: 'GET' | 'POST', path: string, payload?: unknown) =>
  app.app.inject({
    method,
    url: `/api/v1${path}`,
    headers: t.as('admin'),
    ...(payload === undefined ? {} : { payload: payload as never }),
  });

const drain = async () => {
  while ((await runDueJobs(app.ctx, undefined, { tenantIds: [a.tenantId, b.tenantId] })) > 0);
};

const statusOf = async (id: string) =>
  one<{ status: string; error: string | null; delivered_at: Date | null }>(
    app.ctx.db,
    sql`SELECT status, error, delivered_at FROM invitations WHERE id = ${id}`,
  );

/** A sent invitation of tenant `t` through `channelId` (as the send job leaves it), with a provider message id. */
const sentInvitation = async (t: TestTenant, channelId: string, sid: string, providerId: string | null = null) => {
  const id = randomUUID();
  await app.ctx.db.execute(
    sql`INSERT INTO invitations (tenant_id, id, survey_id, channel_id, status, sent_at, sends, attempts, provider_id)
        VALUES (${t.tenantId}, ${id}, ${sid}, ${channelId}, 'sent', now(), 1, 1, ${providerId})`,
  );
  return id;
};

const signed = (secret: string, body: unknown) => {
  const raw = JSON.stringify(body);
  const id = `msg_${randomUUID()}`;
  const at = new Date();
  const headers = {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, raw),
    'content-type': 'application/json',
  };
  return { raw, headers };
};

const survey = async (t: TestTenant) => {
  const id = (
    await call(t, 'POST', '/surveys', {
      name: '回访',
      definition: { elements: [{ type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 }] },
      bindings: { nps: 'nps' },
    })
  ).json().id as string;
  await call(t, 'POST', `/surveys/${id}/publish`);
  return id;
};

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/gateway`;
  app = await createTestApp({ config: { outboundAllow: ['127.0.0.1/32'] } });
  a = await createTestTenant(app.ctx);
  b = await createTestTenant(app.ctx);
  surveyId = await survey(a);
  webhook = (await call(a, 'POST', '/channels', { kind: 'webhook', name: 'gw', url })).json();
});

afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => receiver.close(resolve));
});

describe('delivery receipts', () => {
  it('webhook gateway: a receipt signed with the channel secret moves a sent invitation to delivered; the list shows it', async () => {
    await call(a, 'POST', '/triggers', {
      name: 'orders',
      eventType: 'order.completed',
      surveyId,
      channelId: webhook.id,
    });
    await call(a, 'POST', '/events/batch', {
      events: [{ type: 'order.completed', orgUnitCode: a.units.S1.code, customer: 'R-1', idempotencyKey: 'r-1' }],
    });
    await drain();
    const [inv] = (await call(a, 'GET', '/invitations?customer=R-1')).json().items;
    expect(inv.status).toBe('sent');
    const cfg = (await call(a, 'GET', `/channels/${webhook.id}/receipts`)).json();
    expect(cfg).toMatchObject({ auth: 'standard-webhooks', token: null });
    const path = new URL(cfg.url).pathname;
    const { raw, headers } = signed(webhook.secret, { type: 'invitation.delivered', data: { invitationId: inv.id } });
    const res = await app.app.inject({ method: 'POST', url: path, headers, payload: raw });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ updated: 1 });
    expect((await call(a, 'GET', '/invitations?customer=R-1')).json().items[0].status).toBe('delivered');
    // The same receipt again changes nothing.
    const again = signed(webhook.secret, { type: 'invitation.delivered', data: { invitationId: inv.id } });
    expect(
      (await app.app.inject({ method: 'POST', url: path, headers: again.headers, payload: again.raw })).json(),
    ).toEqual({ updated: 0 });
  });

  it('webhook gateway: failed with the provider error; forged or foreign receipts are refused or change nothing', async () => {
    const id = await sentInvitation(a, webhook.id, surveyId);
    const path = `/api/v1/public/channels/${webhook.id}/receipts`;
    const forged = signed('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', {
      type: 'invitation.delivered',
      data: { invitationId: id },
    });
    const bad = await app.app.inject({ method: 'POST', url: path, headers: forged.headers, payload: forged.raw });
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    // Another tenant's invitation, signed with this channel's secret: not this channel's, nothing changes.
    const bSurvey = await survey(b);
    const bChannel = (
      await call(b, 'POST', '/channels', { kind: 'webhook', name: 'x', url: 'https://gw.example.com/x' })
    ).json();
    const foreign = await sentInvitation(b, bChannel.id, bSurvey);
    const cross = signed(webhook.secret, { type: 'invitation.delivered', data: { invitationId: foreign } });
    expect(
      (await app.app.inject({ method: 'POST', url: path, headers: cross.headers, payload: cross.raw })).json(),
    ).toEqual({
      updated: 0,
    });
    expect((await statusOf(foreign))?.status).toBe('sent');
    const failed = signed(webhook.secret, {
      type: 'invitation.failed',
      data: { invitationId: id, error: 'handset off' },
    });
    expect(
      (await app.app.inject({ method: 'POST', url: path, headers: failed.headers, payload: failed.raw })).json(),
    ).toEqual({ updated: 1 });
    expect(await statusOf(id)).toMatchObject({ status: 'failed', error: 'handset off' });
    const wrong = signed(webhook.secret, { type: 'invitation.opened', data: { invitationId: id } });
    expect(
      (await app.app.inject({ method: 'POST', url: path, headers: wrong.headers, payload: wrong.raw })).statusCode,
    ).toBe(422);
    // A channel id that does not exist is the same refusal as a bad signature.
    expect(
      (
        await app.app.inject({
          method: 'POST',
          url: `/api/v1/public/channels/${randomUUID()}/receipts`,
          headers: failed.headers,
          payload: failed.raw,
        })
      ).statusCode,
    ).toBe(401);
  });

  it('Aliyun SMS: the SmsReport push to the tokenised URL marks delivered / failed by out_id; a wrong token is 401', async () => {
    const sms = (
      await call(a, 'POST', '/channels', {
        kind: 'sms',
        name: '阿里云短信',
        config: { accessKeyId: 'LTAI-test', signName: '味道连锁', templateCode: 'SMS_123' },
        secrets: { accessKeySecret: 'secret' },
        enabled: false,
      })
    ).json();
    expect(sms.id).toBeDefined();
    const ok = await sentInvitation(a, sms.id, surveyId, '900619867^0');
    const ko = await sentInvitation(a, sms.id, surveyId, '900619868^0');
    const cfg = (await call(a, 'GET', `/channels/${sms.id}/receipts`)).json();
    expect(cfg.auth).toBe('url-token');
    const url = new URL(cfg.url);
    const report = [
      {
        phone_number: '13800000000',
        send_time: '2026-12-06 10:00:00',
        report_time: '2026-12-06 10:00:08',
        success: true,
        err_code: 'DELIVERED',
        err_msg: '用户接收成功',
        sms_size: '1',
        biz_id: '900619867^0',
        out_id: ok,
      },
      {
        phone_number: '13900000000',
        send_time: '2026-12-06 10:00:00',
        report_time: '2026-12-06 10:00:09',
        success: false,
        err_code: 'MK:0001',
        err_msg: '号码停机',
        sms_size: '1',
        biz_id: '900619868^0',
        out_id: `${ko}.1`,
      },
    ];
    const res = await app.app.inject({
      method: 'POST',
      url: `${url.pathname}${url.search}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(report),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ code: 0, msg: '成功' });
    const delivered = await statusOf(ok);
    expect(delivered?.status).toBe('delivered');
    expect(new Date(delivered?.delivered_at as Date).toISOString()).toBe('2026-12-06T02:00:08.000Z');
    expect(await statusOf(ko)).toMatchObject({ status: 'failed', error: 'MK:0001: 号码停机' });
    const wrong = await app.app.inject({
      method: 'POST',
      url: `${url.pathname}?token=${'0'.repeat(32)}`,
      headers: { 'content-type': 'application/json' },
      payload: '[]',
    });
    expect(wrong.statusCode).toBe(401);
  });

  it('WeChat: the server URL check answers echostr; TEMPLATESENDJOBFINISH marks the msgid’s invitation; bad signatures 401', async () => {
    const wx = (
      await call(a, 'POST', '/channels', {
        kind: 'wechat-template',
        name: '公众号',
        config: { appId: 'wx1234567890abcdef', templateId: 'TPL' },
        secrets: { appSecret: 'secret' },
        enabled: false,
      })
    ).json();
    const ok = await sentInvitation(a, wx.id, surveyId, '200163836');
    const blocked = await sentInvitation(a, wx.id, surveyId, '200163840');
    const cfg = (await call(a, 'GET', `/channels/${wx.id}/receipts`)).json();
    expect(cfg).toMatchObject({ auth: 'wechat-signature' });
    expect(cfg.token).toMatch(/^[0-9a-f]{32}$/);
    const path = new URL(cfg.url).pathname;
    const q = (nonce: string, token = cfg.token as string) => {
      const timestamp = '1733450000';
      return `signature=${wechatSignature(token, timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}`;
    };
    const check = await app.app.inject({ method: 'GET', url: `${path}?${q('n1')}&echostr=5838479218127813673` });
    expect(check.statusCode).toBe(200);
    expect(check.body).toBe('5838479218127813673');
    expect((await app.app.inject({ method: 'GET', url: `${path}?${q('n1', 'wrong')}&echostr=1` })).statusCode).toBe(
      401,
    );
    const event = (msgId: string, status: string) =>
      `<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><FromUserName><![CDATA[oia2TjuEGTNoeX76QEjQNrcURxG8]]></FromUserName><CreateTime>1733450100</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event><MsgID>${msgId}</MsgID><Status><![CDATA[${status}]]></Status></xml>`;
    for (const [msg, status] of [
      ['200163836', 'success'],
      ['200163840', 'failed:user block'],
    ]) {
      const res = await app.app.inject({
        method: 'POST',
        url: `${path}?${q(`n-${msg}`)}&openid=oia2TjuEGTNoeX76QEjQNrcURxG8`,
        headers: { 'content-type': 'text/xml' },
        payload: event(msg, status),
      });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('success');
    }
    expect((await statusOf(ok))?.status).toBe('delivered');
    expect(await statusOf(blocked)).toMatchObject({ status: 'failed', error: 'wechat: failed:user block' });
    const forged = await app.app.inject({
      method: 'POST',
      url: `${path}?${q('n9', 'wrong')}`,
      headers: { 'content-type': 'text/xml' },
      payload: event('200163836', 'success'),
    });
    expect(forged.statusCode).toBe(401);
  });

  it('rotating a webhook channel secret: shown once, both secrets sign during the overlap, then only the new one', async () => {
    const path = `/channels/${webhook.id}/rotate-secret`;
    expect(
      (await app.app.inject({ method: 'POST', url: `/api/v1${path}`, headers: a.as('analyst'), payload: {} }))
        .statusCode,
    ).toBe(403);
    expect((await call(b, 'POST', path, { overlapHours: 1 })).statusCode).toBe(404);
    expect((await call(a, 'POST', path, { overlapHours: -1 })).statusCode).toBe(422);
    const rotated = await call(a, 'POST', path, { overlapHours: 1 });
    expect(rotated.statusCode).toBe(200);
    const fresh = rotated.json().secret as string;
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(webhook.secret);
    expect(JSON.stringify((await call(a, 'GET', `/channels/${webhook.id}`)).json())).not.toContain(fresh);
    const send = async (customer: string) => {
      const before = sent.length;
      await call(a, 'POST', '/events/batch', {
        events: [{ type: 'order.completed', orgUnitCode: a.units.S1.code, customer, idempotencyKey: customer }],
      });
      await drain();
      return sent[before];
    };
    // Whether a delivery carries a signature by `secret` (computed as a receiver would; the fake clock is hours ahead
    // of the library's own timestamp tolerance after the overlap, so the signature is checked directly).
    const signedBy = (secret: string, m: { headers: Record<string, string>; body: string }) =>
      m.headers['webhook-signature']
        .split(' ')
        .includes(
          new Webhook(secret).sign(
            m.headers['webhook-id'],
            new Date(Number(m.headers['webhook-timestamp']) * 1000),
            m.body,
          ),
        );
    const during = await send('R-rot-1');
    // A receiver still on the old secret and one already on the new both verify the same delivery.
    expect(() => new Webhook(webhook.secret).verify(during.body, during.headers)).not.toThrow();
    expect(() => new Webhook(fresh).verify(during.body, during.headers)).not.toThrow();
    expect([signedBy(webhook.secret, during), signedBy(fresh, during)]).toEqual([true, true]);
    // Receipts signed with the old secret are accepted during the overlap.
    const receipt = signed(webhook.secret, {
      type: 'invitation.delivered',
      data: { invitationId: JSON.parse(during.body).data.invitationId },
    });
    expect(
      (
        await app.app.inject({
          method: 'POST',
          url: `/api/v1/public/channels/${webhook.id}/receipts`,
          headers: receipt.headers,
          payload: receipt.raw,
        })
      ).json(),
    ).toEqual({ updated: 1 });
    app.clock.advance(2 * 3600_000);
    const after = await send('R-rot-2');
    expect([signedBy(webhook.secret, after), signedBy(fresh, after)]).toEqual([false, true]);
    expect(after.headers['webhook-signature'].split(' ')).toHaveLength(1);
    const late = signed(webhook.secret, {
      type: 'invitation.delivered',
      data: { invitationId: JSON.parse(after.body).data.invitationId },
    });
    expect(
      (
        await app.app.inject({
          method: 'POST',
          url: `/api/v1/public/channels/${webhook.id}/receipts`,
          headers: late.headers,
          payload: late.raw,
        })
      ).statusCode,
    ).toBe(401);
    const sms = (await call(a, 'GET', '/channels')).json().items.find((c: { kind: string }) => c.kind === 'sms');
    expect((await call(a, 'POST', `/channels/${sms.id}/rotate-secret`, { overlapHours: 1 })).statusCode).toBe(422);
  });
});
