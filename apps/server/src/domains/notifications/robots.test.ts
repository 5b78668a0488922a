import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, sql } from '../../platform/db.ts';
import { runDueJobs } from '../../platform/jobs.ts';
import { createTestApp, createTestTenant, problem, type TestApp, type TestTenant } from '../../testing/harness.ts';
import { notify } from './commands/notify.ts';

/**
 * Local stand-ins for the three platforms' webhook endpoints. Each checks what the platform documents and answers
 * like it: 企业微信 the key in the query and a markdown message; 钉钉 access_token + timestamp (ms, within an hour) +
 * sign = base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)) in the query; 飞书 timestamp (s) + sign =
 * base64(HMAC-SHA256(key = `${timestamp}\n${secret}`, '')) in the body.
 */
const SECRETS = { dingtalk: 'SECdingtalk-test-secret', feishu: 'feishu-test-secret' };
const posts: Array<{ provider: string; body: Record<string, unknown>; headers: IncomingHttpHeaders }> = [];
const platform = createServer((req, res) => {
  let raw = '';
  req.on('data', (d) => {
    raw += d;
  });
  req.on('end', () => {
    const url = new URL(req.url ?? '', 'http://x');
    const json = (o: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(o));
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw);
    } catch {
      return json({ errcode: 40001, errmsg: 'invalid json', code: 9499, msg: 'Bad Request' });
    }
    if (url.pathname === '/cgi-bin/webhook/send') {
      if (url.searchParams.get('key') !== 'wecom-key-123')
        return json({ errcode: 93000, errmsg: 'invalid webhook url' });
      const md = body.markdown as { content?: unknown } | undefined;
      if (body.msgtype !== 'markdown' || typeof md?.content !== 'string')
        return json({ errcode: 40008, errmsg: 'invalid message type' });
      posts.push({ provider: 'wecom', body, headers: req.headers });
      return json({ errcode: 0, errmsg: 'ok' });
    }
    if (url.pathname === '/robot/send') {
      const ts = url.searchParams.get('timestamp') ?? '';
      const expected = createHmac('sha256', SECRETS.dingtalk).update(`${ts}\n${SECRETS.dingtalk}`).digest('base64');
      if (url.searchParams.get('access_token') !== 'ding-token')
        return json({ errcode: 300001, errmsg: 'token is not exist' });
      if (Math.abs(Date.now() - Number(ts)) > 3600_000 || url.searchParams.get('sign') !== expected)
        return json({ errcode: 310000, errmsg: 'sign not match' });
      const md = body.markdown as { title?: unknown; text?: unknown } | undefined;
      if (body.msgtype !== 'markdown' || typeof md?.title !== 'string' || typeof md.text !== 'string')
        return json({ errcode: 40035, errmsg: 'missing markdown' });
      posts.push({ provider: 'dingtalk', body, headers: req.headers });
      return json({ errcode: 0, errmsg: 'ok' });
    }
    if (url.pathname === '/open-apis/bot/v2/hook/feishu-token') {
      const ts = String(body.timestamp ?? '');
      const expected = createHmac('sha256', `${ts}\n${SECRETS.feishu}`).update('').digest('base64');
      if (Math.abs(Date.now() / 1000 - Number(ts)) > 3600 || body.sign !== expected)
        return json({ code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' });
      const content = body.content as { text?: unknown } | undefined;
      if (body.msg_type !== 'text' || typeof content?.text !== 'string')
        return json({ code: 9499, msg: 'Bad Request' });
      posts.push({ provider: 'feishu', body, headers: req.headers });
      return json({ code: 0, msg: 'success', data: {} });
    }
    res.writeHead(404).end();
  });
});

let app: TestApp;
let a: TestTenant;
let b: TestTenant;
let base: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => platform.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(platform.address() as AddressInfo).port}`;
  app = await createTestApp({ config: { outboundAllow: ['127.0.0.1/32'] } });
  a = await createTestTenant(app.ctx);
  b = await createTestTenant(app.ctx);
});
afterAll(async () => {
  await app?.close();
  await new Promise<void>((resolve) => (platform as Server).close(() => resolve()));
});

const create = (t: TestTenant, user: string, payload: Record<string, unknown>) =>
  app.app.inject({ method: 'POST', url: '/api/v1/notification-robots', headers: t.as(user), payload });

describe('group robots', () => {
  const ids: Record<string, string> = {};

  it('401/403, bad URLs and other tenants’ or out-of-scope units are refused', async () => {
    const payload = {
      name: '华东群',
      provider: 'wecom',
      orgUnitId: a.units.S1.id,
      webhookUrl: `${base}/cgi-bin/webhook/send?key=k`,
    };
    expect((await app.app.inject({ method: 'POST', url: '/api/v1/notification-robots', payload })).statusCode).toBe(
      401,
    );
    expect((await create(a, 'analyst', payload)).statusCode).toBe(403);
    expect((await create(a, 'admin', { ...payload, orgUnitId: b.units.S1.id })).statusCode).toBe(404);
    // A store manager manages robots of their own store only.
    expect((await create(a, 'storeManager', { ...payload, orgUnitId: a.units.S2.id })).statusCode).toBe(404);
    for (const bad of [
      { ...payload, webhookUrl: `${base}/cgi-bin/webhook/send` },
      { ...payload, provider: 'dingtalk', webhookUrl: `${base}/robot/send` },
      { ...payload, provider: 'feishu', webhookUrl: `${base}/somewhere` },
      { ...payload, webhookUrl: 'file:///etc/passwd' },
      { ...payload, provider: 'slack' },
      { ...payload, kinds: ['nope'] },
      { ...payload, name: '' },
      { ...payload, extra: true },
    ]) {
      const res = await create(a, 'admin', bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(422);
      problem(res);
    }
  });

  it('stores URL and secret sealed and answers neither; a test send passes each platform’s signature check', async () => {
    const specs = [
      { provider: 'wecom', webhookUrl: `${base}/cgi-bin/webhook/send?key=wecom-key-123` },
      { provider: 'dingtalk', webhookUrl: `${base}/robot/send?access_token=ding-token`, secret: SECRETS.dingtalk },
      { provider: 'feishu', webhookUrl: `${base}/open-apis/bot/v2/hook/feishu-token`, secret: SECRETS.feishu },
    ];
    for (const s of specs) {
      const res = await create(a, 'storeManager', {
        name: `${s.provider} 群`,
        orgUnitId: a.units.S1.id,
        kinds: ['alert.response'],
        ...s,
      });
      expect(res.statusCode, res.body).toBe(201);
      const robot = res.json();
      expect(res.body).not.toContain('wecom-key-123');
      expect(res.body).not.toContain('ding-token');
      expect(res.body).not.toContain('feishu-token');
      expect(res.body).not.toContain('secret');
      expect(robot.hasSecret).toBe(!!s.secret);
      ids[s.provider] = robot.id;
      const test = await app.app.inject({
        method: 'POST',
        url: `/api/v1/notification-robots/${robot.id}/test`,
        headers: a.as('storeManager'),
      });
      expect(test.json(), s.provider).toMatchObject({ ok: true, status: 200 });
    }
    const row = await one<{ w: string }>(
      app.ctx.db,
      sql`SELECT webhook_sealed AS w FROM notification_robots WHERE id = ${ids.wecom}`,
    );
    expect(row?.w).not.toContain('wecom-key');
    expect(posts.map((p) => p.provider)).toEqual(['wecom', 'dingtalk', 'feishu']);
    // Listed for the store manager; another tenant's admin sees none and gets 404 for the id.
    const list = await app.app.inject({
      method: 'GET',
      url: '/api/v1/notification-robots',
      headers: a.as('storeManager'),
    });
    expect(list.json().items).toHaveLength(3);
    expect(
      (await app.app.inject({ method: 'GET', url: '/api/v1/notification-robots', headers: b.as('admin') })).json()
        .items,
    ).toEqual([]);
    expect(
      (
        await app.app.inject({
          method: 'POST',
          url: `/api/v1/notification-robots/${ids.wecom}/test`,
          headers: b.as('admin'),
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await app.app.inject({
          method: 'PATCH',
          url: `/api/v1/notification-robots/${ids.wecom}`,
          headers: b.as('admin'),
          payload: { enabled: false },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('a wrong secret fails the platform’s check and the test send says so', async () => {
    const res = await create(a, 'admin', {
      name: 'wrong',
      provider: 'dingtalk',
      orgUnitId: a.units.S1.id,
      webhookUrl: `${base}/robot/send?access_token=ding-token`,
      secret: 'SECwrong',
    });
    const test = await app.app.inject({
      method: 'POST',
      url: `/api/v1/notification-robots/${res.json().id}/test`,
      headers: a.as('admin'),
    });
    expect(test.json()).toMatchObject({ ok: false });
    expect(test.json().detail).toContain('310000');
    await app.app.inject({
      method: 'DELETE',
      url: `/api/v1/notification-robots/${res.json().id}`,
      headers: a.as('admin'),
    });
  });

  it('notify() for a unit posts to the robots of the unit and its ancestors that take the kind', async () => {
    posts.length = 0;
    await app.app.inject({
      method: 'PATCH',
      url: `/api/v1/notification-robots/${ids.feishu}`,
      headers: a.as('admin'),
      payload: { kinds: ['report.ready'] },
    });
    await app.ctx.db.transaction((tx) =>
      notify(tx, app.ctx, {
        tenantId: a.tenantId,
        kind: 'alert.response',
        unitId: a.units.S1.id,
        title: '贬损者预警 — S1',
        body: 'NPS 2 · 上菜太慢了 [点我](http://evil.example)',
        link: '/tickets/t1',
      }),
    );
    while ((await runDueJobs(app.ctx, undefined, { tenantIds: [a.tenantId] })) > 0);
    expect(posts.map((p) => p.provider).sort()).toEqual(['dingtalk', 'wecom']);
    const wecom = posts.find((p) => p.provider === 'wecom')?.body.markdown as { content: string };
    expect(wecom.content).toContain('贬损者预警 — S1');
    expect(wecom.content).toContain(`${app.ctx.config.publicUrl}/tickets/t1`);
    // A respondent's markdown cannot forge a link in the group.
    expect(wecom.content).not.toContain('[点我](http://evil.example)');
    const sent = await one<{ n: number }>(
      app.ctx.db,
      sql`SELECT count(*)::int AS n FROM notifications WHERE tenant_id = ${a.tenantId} AND channel = 'robot' AND status = 'sent'`,
    );
    expect(sent?.n).toBe(2);
  });
});
