import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import { runDueJobs } from '../../platform/jobs.ts';
import { createTestApp, createTestTenant, problem, type TestApp, type TestTenant } from '../../testing/harness.ts';
import { claimDuePolls } from './commands/claim-due-polls.ts';

// A local source on loopback (allowed for this suite): an RSS feed and a paged JSON API whose answers tests set.
let rss = '';
let jsonPages: Record<string, unknown> = {};
let status = 200;
const seenQueries: string[] = [];
const source = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  res.statusCode = status;
  if (url.pathname === '/feed.xml') {
    res.setHeader('content-type', 'application/rss+xml');
    res.end(rss);
    return;
  }
  seenQueries.push(url.search);
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(jsonPages[url.searchParams.get('since') ?? ''] ?? { data: [], next: null }));
});

let app: TestApp;
let a: TestTenant;
let b: TestTenant;
let base: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => source.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;
  app = await createTestApp({ config: { outboundAllow: ['127.0.0.1/32'] } });
  a = await createTestTenant(app.ctx);
  b = await createTestTenant(app.ctx);
});

afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => source.close(resolve));
});

const call = (
  t: TestTenant,
  user: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  payload?: unknown,
) =>
  app.app.inject({
    method,
    url: `/api/v1${path}`,
    headers: t.as(user),
    ...(payload === undefined ? {} : { payload: payload as never }),
  });

/** Posts a body to a connector's inbound URL, signed with `secret` (a stock Standard Webhooks library). */
function post(connectorId: string, secret: string, body: unknown, opts: { id?: string; at?: Date; raw?: string } = {}) {
  const raw = opts.raw ?? JSON.stringify(body);
  const id = opts.id ?? `msg_${Math.random().toString(36).slice(2)}`;
  const at = opts.at ?? new Date();
  return app.app.inject({
    method: 'POST',
    url: `/api/v1/inbound/${connectorId}`,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, at, raw),
    },
    payload: raw,
  });
}

const weiboMapping = {
  text: 'data.content',
  externalId: 'data.mid',
  author: 'data.user.screen_name',
  url: 'data.url',
  occurredAt: 'data.created_at',
  orgUnitCode: 'data.store',
};

async function createWebhook(t: TestTenant, extra: Record<string, unknown> = {}) {
  const res = await call(t, 'admin', 'POST', '/feedback-connectors', {
    kind: 'webhook',
    name: '微博舆情',
    source: 'social',
    channel: '微博',
    mapping: weiboMapping,
    ...extra,
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; secret: string; inboundPath: string };
}

const feedbackOf = (t: TestTenant, q = '') =>
  call(t, 'admin', 'GET', `/feedback?limit=200${q}`).then((r) => r.json().items);

describe('inbound webhook connectors', () => {
  it('answers the secret once, maps the posted JSON to a feedback item, and lists the message in the history', async () => {
    const c = await createWebhook(a);
    expect(c.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(c.inboundPath).toBe(`/api/v1/inbound/${c.id}`);
    const got = await call(a, 'admin', 'GET', `/feedback-connectors/${c.id}`);
    expect(got.json()).not.toHaveProperty('secret');
    expect(JSON.stringify((await call(a, 'admin', 'GET', '/feedback-connectors')).json())).not.toContain(c.secret);

    const res = await post(c.id, c.secret, {
      event: 'post.created',
      data: {
        mid: 'wb-1001',
        content: '门店服务太差了，等了一个小时',
        user: { screen_name: '小红' },
        url: 'https://weibo.example/wb-1001',
        created_at: '2026-12-05T08:00:00Z',
        store: a.units.S1.code,
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ duplicate: false, received: 1, stored: 1, rejected: 0 });
    const items = await feedbackOf(a, '&q=等了一个小时');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      source: 'social',
      channel: '微博',
      author: '小红',
      externalId: 'wb-1001',
      url: 'https://weibo.example/wb-1001',
      occurredAt: '2026-12-05T08:00:00.000Z',
      orgUnit: { id: a.units.S1.id },
    });
    const runs = (await call(a, 'admin', 'GET', `/feedback-connectors/${c.id}/runs`)).json().items;
    expect(runs[0]).toMatchObject({ trigger: 'inbound', status: 'ok', stored: 1, fetched: 1 });
  });

  it('refuses a bad signature, a wrong secret, a stale timestamp and an unknown connector; a replay stores nothing again', async () => {
    const c = await createWebhook(a);
    const body = { data: { mid: 'wb-2001', content: '排队太久' } };
    const raw = JSON.stringify(body);
    const at = new Date();
    const good = new Webhook(c.secret).sign('msg-x', at, raw);
    const tampered = await app.app.inject({
      method: 'POST',
      url: `/api/v1/inbound/${c.id}`,
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg-x',
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': good,
      },
      payload: raw.replace('排队太久', '很满意'),
    });
    expect(tampered.statusCode).toBe(401);
    expect(problem(tampered).detail).toMatch(/signature/);
    const other = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    expect((await post(c.id, other, body)).statusCode).toBe(401);
    expect((await post(c.id, c.secret, body, { at: new Date(Date.now() - 10 * 60_000) })).statusCode).toBe(401);
    const unsigned = await app.app.inject({
      method: 'POST',
      url: `/api/v1/inbound/${c.id}`,
      headers: { 'content-type': 'application/json' },
      payload: raw,
    });
    expect(unsigned.statusCode).toBe(401);
    expect((await post('00000000-0000-4000-8000-000000000000', c.secret, body)).statusCode).toBe(404);
    expect(await feedbackOf(a, '&q=很满意')).toHaveLength(0);

    const first = await post(c.id, c.secret, body, { id: 'msg-replay', at });
    expect(first.json()).toMatchObject({ duplicate: false, stored: 1 });
    const again = await post(c.id, c.secret, body, { id: 'msg-replay', at });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ duplicate: true, stored: 0 });
    // The same item in a new message: de-duplicated by its source id.
    const resent = await post(c.id, c.secret, body);
    expect(resent.json()).toMatchObject({ duplicate: false, stored: 0, duplicates: 1 });
    expect(await feedbackOf(a, '&q=排队太久')).toHaveLength(1);
  });

  it('takes a batch at itemsPath, rejects bad items with their index, and keeps the good ones', async () => {
    const c = await createWebhook(a, {
      name: '呼叫中心',
      source: 'call_transcript',
      channel: '400热线',
      itemsPath: 'calls',
      mapping: { text: 'transcript', externalId: 'callId', rating: 'score', customerRef: 'member' },
    });
    const res = await post(c.id, c.secret, {
      calls: [
        { callId: 'c-1', transcript: '投诉：菜里有异物', score: 1, member: 'M-1' },
        { callId: 'c-2', transcript: '', score: 3 },
        { callId: 'c-3', transcript: '咨询营业时间', score: 99 },
        'not an object',
        { callId: 'c-5', transcript: '表扬服务员', score: '5' },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ received: 5, stored: 2, rejected: 3 });
    expect(res.json().errors.map((e: { index: number }) => e.index)).toEqual([1, 2, 3]);
    const items = await feedbackOf(a, '&source=call_transcript');
    expect(items.map((i: { externalId: string }) => i.externalId).sort()).toEqual(['c-1', 'c-5']);
    expect(items.find((i: { externalId: string }) => i.externalId === 'c-5').rating).toBe(5);

    const notArray = await post(c.id, c.secret, { calls: { callId: 'x' } });
    expect(notArray.statusCode).toBe(422);
    const notJson = await post(c.id, c.secret, null, { raw: '{"calls": [' });
    expect(notJson.statusCode).toBe(422);
  });

  it('refuses an item filed at a unit outside the connector’s unit', async () => {
    const res = await call(a, 'admin', 'POST', '/feedback-connectors', {
      kind: 'webhook',
      name: 'R1 only',
      source: 'social',
      orgUnitId: a.units.R1.id,
      mapping: weiboMapping,
    });
    const c = res.json();
    const out = await post(c.id, c.secret, { data: { mid: 'x-1', content: '好评', store: a.units.S3.code } });
    expect(out.json()).toMatchObject({ stored: 0, rejected: 1 });
    const inside = await post(c.id, c.secret, { data: { mid: 'x-2', content: '好评二', store: a.units.S2.code } });
    expect(inside.json()).toMatchObject({ stored: 1 });
  });

  it('400/401/404/422 on the management API, and another tenant or branch never sees a connector', async () => {
    const c = await createWebhook(a);
    expect((await app.app.inject({ method: 'GET', url: '/api/v1/feedback-connectors' })).statusCode).toBe(401);
    expect((await call(a, 'viewer', 'GET', '/feedback-connectors')).statusCode).toBe(403);
    const bad = await call(a, 'admin', 'POST', '/feedback-connectors', {
      kind: 'webhook',
      name: 'x',
      source: 'social',
      mapping: { text: 'a..b' },
    });
    expect(bad.statusCode).toBe(422);
    const noText = await call(a, 'admin', 'POST', '/feedback-connectors', {
      kind: 'json_api',
      name: 'x',
      source: 'other',
      url: `${base}/api`,
      mapping: { author: 'a' },
    });
    expect(noText.statusCode).toBe(422);
    const badUrl = await call(a, 'admin', 'POST', '/feedback-connectors', {
      kind: 'rss',
      name: 'x',
      source: 'app_review',
      url: 'ftp://x/feed',
    });
    expect(badUrl.statusCode).toBe(422);
    expect((await call(b, 'admin', 'GET', `/feedback-connectors/${c.id}`)).statusCode).toBe(404);
    expect((await call(b, 'admin', 'DELETE', `/feedback-connectors/${c.id}`)).statusCode).toBe(404);
    expect((await call(b, 'admin', 'GET', `/feedback-connectors/${c.id}/runs`)).statusCode).toBe(404);
    expect((await call(b, 'admin', 'GET', '/feedback-connectors')).json().items).toHaveLength(0);
    const rotated = await call(a, 'admin', 'POST', `/feedback-connectors/${c.id}/rotate-secret`);
    expect(rotated.json().secret).not.toBe(c.secret);
    expect((await post(c.id, c.secret, { data: { mid: 'r-1', content: 'x' } })).statusCode).toBe(401);
    expect((await post(c.id, rotated.json().secret, { data: { mid: 'r-1', content: 'x' } })).statusCode).toBe(200);
    expect((await call(a, 'admin', 'PATCH', `/feedback-connectors/${c.id}`, { enabled: false })).statusCode).toBe(200);
    expect((await post(c.id, rotated.json().secret, { data: { mid: 'r-2', content: 'x' } })).statusCode).toBe(404);
  });
});

describe('pollers', () => {
  it('polls an RSS feed now and on schedule: stores new entries once, advances the cursor, records the runs', async () => {
    rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>App Store</title>
      <item><guid>r-1</guid><title>闪退</title><description>&lt;p&gt;下单时闪退&lt;/p&gt;</description><link>https://apps.example/r-1</link><pubDate>Sat, 05 Dec 2026 01:00:00 GMT</pubDate><author>u1</author></item>
      <item><guid>r-2</guid><title>好用</title><description>点餐很方便</description><pubDate>Sat, 05 Dec 2026 02:00:00 GMT</pubDate></item>
    </channel></rss>`;
    const created = await call(a, 'admin', 'POST', '/feedback-connectors', {
      kind: 'rss',
      name: 'App Store 评论',
      source: 'app_review',
      channel: 'App Store',
      url: `${base}/feed.xml`,
      pollMinutes: 60,
    });
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(c.secret).toBeNull();
    const first = await call(a, 'admin', 'POST', `/feedback-connectors/${c.id}/poll`);
    expect(first.json()).toMatchObject({
      ran: true,
      status: 'ok',
      fetched: 2,
      stored: 2,
      cursor: '2026-12-05T02:00:00.000Z',
    });
    const items = await feedbackOf(a, '&source=app_review');
    const crash = items.find((i: { externalId: string }) => i.externalId === 'r-1');
    expect(crash).toMatchObject({ text: '闪退\n下单时闪退', channel: 'App Store', url: 'https://apps.example/r-1' });

    // A new entry appears; the scheduler's tick claims the due connector once and the job polls it.
    rss = rss.replace(
      '</channel>',
      '<item><guid>r-3</guid><title>太慢</title><pubDate>Sat, 05 Dec 2026 03:00:00 GMT</pubDate></item></channel>',
    );
    app.clock.advance(61 * 60_000);
    expect(await claimDuePolls(app.ctx, { tenantIds: [a.tenantId] })).toBe(1);
    expect(await claimDuePolls(app.ctx, { tenantIds: [a.tenantId] })).toBe(0);
    await runDueJobs(app.ctx, ['connectors.poll'], { tenantIds: [a.tenantId] });
    const runs = (await call(a, 'admin', 'GET', `/feedback-connectors/${c.id}/runs`)).json().items;
    // The entry at the cursor's time is read again (two entries may share a second) and de-duplicated.
    expect(runs[0]).toMatchObject({
      trigger: 'schedule',
      status: 'ok',
      stored: 1,
      duplicates: 1,
      cursorAfter: '2026-12-05T03:00:00.000Z',
    });
    expect(runs[1]).toMatchObject({ trigger: 'manual', stored: 2 });
    expect(await feedbackOf(a, '&source=app_review')).toHaveLength(3);

    status = 500;
    const failed = await call(a, 'admin', 'POST', `/feedback-connectors/${c.id}/poll`);
    status = 200;
    expect(failed.json()).toMatchObject({ ran: true, status: 'error', stored: 0, cursor: '2026-12-05T03:00:00.000Z' });
    expect(failed.json().error).toMatch(/HTTP 500 from http:\/\/127\.0\.0\.1/);
    expect((await call(a, 'admin', 'GET', `/feedback-connectors/${c.id}`)).json().lastStatus).toBe('error');
  });

  it('refuses a feed that is not RSS/Atom, and a destination outside the allow list', async () => {
    const c = (
      await call(a, 'admin', 'POST', '/feedback-connectors', {
        kind: 'rss',
        name: 'bad',
        source: 'other',
        url: `${base}/api`,
      })
    ).json();
    jsonPages = {};
    const res = await call(a, 'admin', 'POST', `/feedback-connectors/${c.id}/poll`);
    expect(res.json()).toMatchObject({ status: 'error' });
    expect(res.json().error).toMatch(/Not an RSS or Atom feed/);
    const internal = (
      await call(a, 'admin', 'POST', '/feedback-connectors', {
        kind: 'rss',
        name: 'ssrf',
        source: 'other',
        url: 'http://10.0.0.1/feed',
      })
    ).json();
    const refused = await call(a, 'admin', 'POST', `/feedback-connectors/${internal.id}/poll`);
    expect(refused.json().status).toBe('error');
    expect(refused.json().error).toMatch(/not allowed|private|public/i);
  });

  it('pages a JSON API by cursor, stores each page with its cursor, and de-duplicates by source id', async () => {
    jsonPages = {
      '': {
        data: [
          { id: 'j-1', body: { text: '配送慢' }, stars: 2 },
          { id: 'j-2', body: { text: '包装好' }, stars: 5 },
        ],
        next: 'p2',
      },
      p2: {
        data: [
          { id: 'j-3', body: { text: '汤洒了' }, stars: 1 },
          { id: 'j-2', body: { text: '包装好' }, stars: 5 },
        ],
        next: 'p3',
      },
      p3: { data: [], next: null },
    };
    const c = (
      await call(a, 'admin', 'POST', '/feedback-connectors', {
        kind: 'json_api',
        name: '外卖平台评论',
        source: 'app_review',
        channel: '美团',
        url: `${base}/api/reviews`,
        itemsPath: 'data',
        cursorParam: 'since',
        cursorPath: 'next',
        mapping: { text: 'body.text', externalId: 'id', rating: 'stars' },
      })
    ).json();
    seenQueries.length = 0;
    const res = await call(a, 'admin', 'POST', `/feedback-connectors/${c.id}/poll`);
    expect(res.json()).toMatchObject({ status: 'ok', fetched: 4, stored: 3, duplicates: 1, cursor: 'p3' });
    expect(seenQueries).toEqual(['', '?since=p2', '?since=p3']);
    const again = await call(a, 'admin', 'POST', `/feedback-connectors/${c.id}/poll`);
    expect(again.json()).toMatchObject({ fetched: 0, stored: 0, cursor: 'p3' });
    expect(seenQueries.at(-1)).toBe('?since=p3');
    // Reset: the source is read from the start again and nothing is stored twice.
    await call(a, 'admin', 'PATCH', `/feedback-connectors/${c.id}`, { resetCursor: true });
    const reread = await call(a, 'admin', 'POST', `/feedback-connectors/${c.id}/poll`);
    expect(reread.json()).toMatchObject({ stored: 0, duplicates: 4, cursor: 'p3' });
    const stored = await rows<{ n: number }>(
      app.ctx.db,
      sql`SELECT count(*)::int AS n FROM feedback_items WHERE tenant_id = ${a.tenantId} AND connector_id = ${c.id}`,
    );
    expect(stored[0].n).toBe(3);
  });

  it('a page that fails keeps the cursor at the last stored page', async () => {
    jsonPages = {
      '': { data: [{ id: 'k-1', t: '第一页' }], next: 'k2' },
      k2: 'not an object with data',
    };
    const c = (
      await call(a, 'admin', 'POST', '/feedback-connectors', {
        kind: 'json_api',
        name: 'flaky',
        source: 'other',
        url: `${base}/api/flaky`,
        itemsPath: 'data',
        cursorParam: 'since',
        cursorPath: 'next',
        mapping: { text: 't', externalId: 'id' },
      })
    ).json();
    const res = await call(a, 'admin', 'POST', `/feedback-connectors/${c.id}/poll`);
    expect(res.json()).toMatchObject({ status: 'error', stored: 1, cursor: 'k2' });
    expect((await call(a, 'admin', 'GET', `/feedback-connectors/${c.id}`)).json().cursor).toBe('k2');
    expect((await call(b, 'admin', 'POST', `/feedback-connectors/${c.id}/poll`)).statusCode).toBe(404);
  });
});
