import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { one, rows, sql } from '../../platform/db.ts';
import { runDueJobs } from '../../platform/jobs.ts';
import { createTestApp, createTestTenant, problem, type TestApp, type TestTenant } from '../../testing/harness.ts';
import { evaluateEvents } from './commands/evaluate-events.ts';
import { queueReminders } from './commands/queue-reminders.ts';
import { sendInvitations } from './commands/send-invitations.ts';

// A gateway on loopback (allow-listed for this suite) that records what it receives and answers `answer`.
const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
let answer = 200;
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => {
    body += d;
  });
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    res.statusCode = answer;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ id: `gw-${received.length}` }));
  });
});

let app: TestApp;
let a: TestTenant;
let b: TestTenant;
let url: string;
let surveyId: string;
let channel: { id: string; secret: string };

const def = {
  title: { default: '购物体验', en: 'Shopping experience' },
  elements: [
    { type: 'rating', name: 'nps', rateMin: 0, rateMax: 10, isRequired: true },
    {
      type: 'rating',
      name: 'fresh',
      rateMin: 1,
      rateMax: 5,
      visibleIf: "{context.categories} contains 'fresh'",
      isRequired: true,
    },
    {
      type: 'rating',
      name: 'meat',
      rateMin: 1,
      rateMax: 5,
      visibleIf: "{context.categories} contains 'meat'",
      isRequired: true,
    },
  ],
};

const call = (
  t: TestTenant,
  user: string,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  payload?: unknown,
) =>
  app.app.inject({
    method,
    url: `/api/v1${path}`,
    // 'key': the suite's admin API key (console sessions expire when a test moves the clock days ahead).
    headers: user === 'key' ? { authorization: `Bearer ${apiKey}` } : t.as(user),
    ...(payload === undefined ? {} : { payload: payload as never }),
  });

let seq = 0;
const order = (customer: string, categories: string[], unit: keyof TestTenant['units'] = 'S1') => ({
  type: 'order.completed',
  orgUnitCode: a.units[unit].code,
  customer,
  properties: { categories, amount: 88 },
  value: 88,
  idempotencyKey: `reach-ord-${++seq}`,
});

const ingest = async (events: unknown[]) => {
  // One second between batches, so "newest first" is well defined.
  app.clock.advance(1000);
  const res = await call(a, 'admin', 'POST', '/events/batch', { events });
  expect(res.statusCode).toBe(200);
  expect(res.json().created).toBe(events.length);
  return res.json().results.map((r: { id: string }) => r.id) as string[];
};

const drain = async () => {
  while ((await runDueJobs(app.ctx, undefined, { tenantIds: [a.tenantId, b.tenantId] })) > 0);
};

const invitationsOf = async (customer: string, t = a, user = 'admin') => {
  const res = await call(t, user, 'GET', `/invitations?customer=${customer}`);
  expect(res.statusCode).toBe(200);
  return res.json().items as Array<Record<string, unknown> & { id: string; status: string; url: string | null }>;
};

const setPolicy = (body: unknown) => call(a, 'admin', 'PUT', '/contact-policy', body);

let triggerId: string;
let apiKey: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/gateway`;
  app = await createTestApp({ config: { outboundAllow: ['127.0.0.1/32'] } });
  a = await createTestTenant(app.ctx);
  b = await createTestTenant(app.ctx);
  apiKey = (await call(a, 'admin', 'POST', '/api-keys', { name: 'reach' })).json().key;
  surveyId = (
    await call(a, 'admin', 'POST', '/surveys', {
      name: '购物回访',
      definition: def,
      bindings: { nps: 'nps', ratings: ['fresh', 'meat'] },
    })
  ).json().id;
  expect((await call(a, 'admin', 'POST', `/surveys/${surveyId}/publish`)).statusCode).toBe(200);
  const created = await call(a, 'admin', 'POST', '/channels', { kind: 'webhook', name: '短信网关', url });
  expect(created.statusCode).toBe(201);
  channel = created.json();
  const t = await call(a, 'admin', 'POST', '/triggers', {
    name: '生鲜订单回访',
    eventType: 'order.completed',
    condition: "{categories} contains 'fresh' or {categories} contains 'meat'",
    surveyId,
    channelId: channel.id,
    context: { categories: 'categories' },
    expiresInHours: 72,
  });
  expect(t.statusCode).toBe(201);
  triggerId = t.json().id;
});

afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => receiver.close(resolve));
});

beforeEach(() => {
  answer = 200;
});

describe('channels', () => {
  it('401, 403 for roles that may not manage, 422 for bad input and a built-in channel without its settings, 404 across tenants', async () => {
    expect((await app.app.inject({ method: 'GET', url: '/api/v1/channels' })).statusCode).toBe(401);
    expect((await call(a, 'analyst', 'GET', '/channels')).statusCode).toBe(403);
    expect((await call(a, 'manager', 'POST', '/channels', { kind: 'webhook', name: 'x', url })).statusCode).toBe(403);
    // A built-in channel needs its provider's settings (channels/sms.ts declares them).
    const unconfigured = await call(a, 'admin', 'POST', '/channels', { kind: 'sms', name: '短信' });
    expect(unconfigured.statusCode).toBe(422);
    expect(problem(unconfigured).invalidParams?.[0].name).toMatch(/^config\./);
    for (const [body, field] of [
      [{ kind: 'webhook', name: 'no url' }, 'url'],
      [{ kind: 'pigeon', name: 'x', url }, 'kind'],
      [{ kind: 'webhook', name: '', url }, 'name'],
      [{ kind: 'webhook', name: 'x', url: 'ftp://x' }, 'url'],
      [{ kind: 'webhook', name: 'x', url, extra: 1 }, ''],
    ] as const) {
      const res = await call(a, 'admin', 'POST', '/channels', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(problem(res).type).toBeDefined();
      if (field)
        expect(
          problem(res)
            .invalidParams?.map((p) => p.name)
            .join(),
        ).toContain(field);
    }
    expect((await call(b, 'owner', 'GET', `/channels/${channel.id}`)).statusCode).toBe(404);
    expect((await call(b, 'owner', 'DELETE', `/channels/${channel.id}`)).statusCode).toBe(404);
  });

  it('a webhook channel’s secret is answered once (whsec_) and never listed; a channel in use cannot be deleted', async () => {
    expect(channel.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const list = (await call(a, 'admin', 'GET', '/channels')).json().items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: channel.id, kind: 'webhook', hasSecrets: true });
    expect(JSON.stringify(list)).not.toContain(channel.secret);
    const raw = await rows<{ secrets_sealed: string }>(
      app.ctx.db,
      sql`SELECT secrets_sealed FROM channels WHERE id = ${channel.id}`,
    );
    expect(raw[0].secrets_sealed).not.toContain(channel.secret.slice(6, 20));
    expect((await call(a, 'admin', 'DELETE', `/channels/${channel.id}`)).statusCode).toBe(409);
    const renamed = await call(a, 'admin', 'PATCH', `/channels/${channel.id}`, { name: '短信网关 A' });
    expect(renamed.json().name).toBe('短信网关 A');
  });
});

describe('channel test send', () => {
  it('sends a signed sample with a test_ key and reports the gateway answer; 403 for an analyst, 404 across tenants', async () => {
    const before = received.length;
    const ok = await call(a, 'admin', 'POST', `/channels/${channel.id}/test`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, error: null });
    expect(String(received[before].headers['webhook-id'])).toMatch(/^test_/);
    answer = 500;
    expect((await call(a, 'admin', 'POST', `/channels/${channel.id}/test`)).json()).toMatchObject({
      ok: false,
      error: expect.stringContaining('answered 500'),
    });
    // The address typed for the test reaches the channel (a built-in channel has nowhere to send without one).
    answer = 200;
    const to = await call(a, 'admin', 'POST', `/channels/${channel.id}/test`, { email: 'qa@savor.example' });
    expect(to.json()).toMatchObject({ ok: true });
    expect(JSON.parse(received[received.length - 1].body).data.customer.identities).toContainEqual({
      kind: 'email',
      value: 'qa@savor.example',
    });
    expect(
      (await call(a, 'admin', 'POST', `/channels/${channel.id}/test`, { email: 'not-mail' })).json().invalidParams,
    ).toMatchObject([{ name: 'email' }]);
    const mail = (
      await call(a, 'admin', 'POST', '/channels', {
        kind: 'email',
        name: '邮件',
        config: { host: '127.0.0.1', port: 1, secure: false, from: 'qa@savor.example' },
      })
    ).json();
    const noAddress = (await call(a, 'admin', 'POST', `/channels/${mail.id}/test`)).json();
    expect(noAddress).toMatchObject({ ok: false, error: expect.stringContaining('no email') });
    const addressed = (
      await call(a, 'admin', 'POST', `/channels/${mail.id}/test`, { email: 'qa@savor.example' })
    ).json();
    expect(addressed.ok).toBe(false);
    expect(addressed.error).not.toContain('no email');
    expect(addressed.error).toContain('127.0.0.1:1');
    await call(a, 'admin', 'DELETE', `/channels/${mail.id}`);
    expect((await call(a, 'analyst', 'POST', `/channels/${channel.id}/test`)).statusCode).toBe(403);
    expect((await call(b, 'owner', 'POST', `/channels/${channel.id}/test`)).statusCode).toBe(404);
    expect(await rows(app.ctx.db, sql`SELECT 1 FROM invitations WHERE tenant_id = ${a.tenantId}`)).toEqual([]);
  });
});

describe('triggers', () => {
  it('a malformed condition or mapping is 422 naming the field; survey and channel must be the tenant’s', async () => {
    const base = { name: 't', eventType: 'order.completed', surveyId, channelId: channel.id };
    for (const [body, field] of [
      [{ ...base, condition: '{categories} contains (' }, 'condition'],
      [{ ...base, context: { categories: 'categories..x' } }, 'context.categories'],
      [{ ...base, context: { 'bad key!': 'categories' } }, 'context.bad key!'],
      [{ ...base, recipient: { fax: 'x' } }, 'recipient.fax'],
      [{ ...base, samplePercent: 0 }, 'samplePercent'],
      [{ ...base, delayMinutes: -1 }, 'delayMinutes'],
      [{ ...base, surveyId: '00000000-0000-4000-8000-000000000000' }, 'surveyId'],
      [{ ...base, channelId: '00000000-0000-4000-8000-000000000000' }, 'channelId'],
    ] as const) {
      const res = await call(a, 'admin', 'POST', '/triggers', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(problem(res).invalidParams?.map((p) => p.name)).toContain(field);
    }
    // Another tenant's survey is not a survey here.
    const res = await call(b, 'owner', 'POST', '/triggers', base);
    expect(res.statusCode).toBe(422);
    expect((await call(b, 'owner', 'GET', `/triggers/${triggerId}`)).statusCode).toBe(404);
    expect((await call(a, 'viewer', 'GET', '/triggers')).statusCode).toBe(403);
  });
});

describe('event → invitation → webhook delivery', () => {
  it('a fresh order sends a personalised, signed invitation whose survey shows only the fresh question', async () => {
    const before = received.length;
    await ingest([order('M-100', ['fresh'])]);
    await drain();
    expect(received.length).toBe(before + 1);
    const hit = received[before];
    const payload = new Webhook(channel.secret).verify(hit.body, {
      'webhook-id': String(hit.headers['webhook-id']),
      'webhook-timestamp': String(hit.headers['webhook-timestamp']),
      'webhook-signature': String(hit.headers['webhook-signature']),
    }) as { type: string; data: Record<string, any> };
    expect(payload.type).toBe('invitation.send');
    const [inv] = await invitationsOf('M-100');
    expect(hit.headers['webhook-id']).toBe(inv.id);
    expect(payload.data).toMatchObject({
      invitationId: inv.id,
      customer: { identities: [{ kind: 'member', value: 'M-100' }] },
      url: inv.url,
      survey: { id: surveyId, title: '购物体验', firstQuestion: { name: 'nps', type: 'rating' } },
    });
    expect(payload.data.message.text).toContain(inv.url);
    expect(payload.data.message.text).toContain(payload.data.unsubscribeUrl);
    expect(inv).toMatchObject({ status: 'sent', channelId: channel.id, triggerId, context: { categories: ['fresh'] } });
    // The respondent page gets the context: the fresh question shows, the meat one does not.
    const token = String(inv.url).split('/s/')[1];
    const page = await app.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${token}` });
    expect(page.json().context).toEqual({ categories: ['fresh'] });
    expect((await invitationsOf('M-100'))[0].status).toBe('opened');
    const missing = await app.app.inject({
      method: 'POST',
      url: '/api/v1/responses',
      payload: { token, answers: { nps: 9 }, idempotencyKey: 'reach-r-0001' },
    });
    expect(problem(missing).invalidParams?.[0].name).toBe('answers.fresh');
    expect((await app.app.inject({ method: 'POST', url: `/api/v1/public/surveys/${token}/started` })).statusCode).toBe(
      200,
    );
    expect((await invitationsOf('M-100'))[0].status).toBe('started');
    const ok = await app.app.inject({
      method: 'POST',
      url: '/api/v1/responses',
      payload: { token, answers: { nps: 9, fresh: 5 }, idempotencyKey: 'reach-r-0002' },
    });
    expect(ok.statusCode).toBe(201);
    expect((await invitationsOf('M-100'))[0].status).toBe('completed');
    // On the customer's timeline, with its lifecycle.
    const timeline = await call(a, 'admin', 'GET', `/customers/${inv.customerId}/timeline?kinds=invitation`);
    expect(timeline.json().items).toMatchObject([
      { kind: 'invitation', id: inv.id, status: 'completed', surveyId, channelId: channel.id },
    ]);
  });

  it('the evaluation job sends at once, leaving no send job; a worker dying before that send leaves the outbox job, which sends once', async () => {
    const sendJobs = async () =>
      Number(
        (
          await one<{ n: number }>(
            app.ctx.db,
            sql`SELECT count(*)::int AS n FROM jobs WHERE tenant_id = ${a.tenantId} AND kind = 'reach.send'`,
          )
        )?.n,
      );
    const before = received.length;
    await ingest([order('M-120', ['fresh'])]);
    // Only the evaluation job runs: the delivery happens inside it, right after its commit.
    await runDueJobs(app.ctx, ['reach.evaluate'], { tenantIds: [a.tenantId] });
    expect(received.length).toBe(before + 1);
    expect((await invitationsOf('M-120'))[0]).toMatchObject({ status: 'sent' });
    expect(await sendJobs()).toBe(0);
    // The evaluation committed, then the worker died before sending: the send job (outbox) delivers it, once.
    const ids = await ingest([order('M-121', ['fresh'])]);
    await evaluateEvents(app.ctx, a.tenantId, ids);
    expect((await invitationsOf('M-121'))[0]).toMatchObject({ status: 'scheduled' });
    expect(await sendJobs()).toBe(1);
    await drain();
    const hits = received
      .slice(before + 1)
      .filter((h) => JSON.parse(h.body).data.customer.identities[0].value === 'M-121');
    expect(hits).toHaveLength(1);
    expect((await invitationsOf('M-121'))[0]).toMatchObject({ status: 'sent' });
  });

  it('an order that fails the condition invites nobody; an event without customer neither', async () => {
    await ingest([order('M-101', ['toys']), { ...order('x', ['fresh']), customer: undefined }]);
    await drain();
    expect(await invitationsOf('M-101')).toEqual([]);
  });

  it('under "1 per 7 days" a second order the same day is suppressed with reason frequency', async () => {
    expect((await setPolicy({ maxInvitations: { count: 1, days: 7 } })).statusCode).toBe(200);
    await ingest([order('M-102', ['fresh'])]);
    await drain();
    await ingest([order('M-102', ['meat'])]);
    await drain();
    const list = await invitationsOf('M-102');
    expect(list.map((i) => [i.status, i.reason])).toEqual([
      ['suppressed', 'frequency'],
      ['sent', null],
    ]);
    expect(list[0].url).toBeNull();
  });

  it('CONCURRENCY: 100 events for one customer at the same instant → exactly 1 sent, 99 suppressed (frequency)', async () => {
    expect((await setPolicy({ maxInvitations: { count: 1, days: 7 } })).statusCode).toBe(200);
    const ids = await ingest(Array.from({ length: 100 }, () => order('M-200', ['fresh'])));
    // Each event decided by its own transaction, all at once (on PostgreSQL they really run in parallel).
    await Promise.all(ids.map((id) => evaluateEvents(app.ctx, a.tenantId, [id])));
    await drain();
    const list = (await call(a, 'admin', 'GET', '/invitations?customer=M-200&limit=500')).json().items as Array<{
      status: string;
      reason: string | null;
    }>;
    expect(list).toHaveLength(100);
    expect(list.filter((i) => i.status === 'sent')).toHaveLength(1);
    expect(list.filter((i) => i.status === 'suppressed' && i.reason === 'frequency')).toHaveLength(99);
  });

  it('min days between and an open ticket suppress with their reasons; a trigger override relaxes the tenant policy', async () => {
    expect((await setPolicy({ minDaysBetween: 30 })).statusCode).toBe(200);
    await ingest([order('M-103', ['fresh'])]);
    await drain();
    await ingest([order('M-103', ['fresh'])]);
    await drain();
    expect((await invitationsOf('M-103')).map((i) => i.reason)).toEqual(['min_interval', null]);
    await setPolicy({ suppressWhileTicketOpen: true });
    await app.ctx.db.execute(
      sql`INSERT INTO tickets (tenant_id, id, number, source, status, priority, title, org_unit_id, customer_ref)
          VALUES (${a.tenantId}, gen_random_uuid(), 90001, 'manual', 'new', 'normal', '投诉', ${a.units.S1.id}, 'M-104')`,
    );
    await ingest([order('M-104', ['fresh'])]);
    await drain();
    expect((await invitationsOf('M-104')).map((i) => i.reason)).toEqual(['ticket_open']);
    await setPolicy({ maxInvitations: { count: 1, days: 7 } });
    expect(
      (await call(a, 'admin', 'PATCH', `/triggers/${triggerId}`, { policy: { maxInvitations: { count: 5, days: 7 } } }))
        .statusCode,
    ).toBe(200);
    await ingest([order('M-105', ['fresh']), order('M-105', ['fresh'])]);
    await drain();
    expect((await invitationsOf('M-105')).map((i) => i.status)).toEqual(['sent', 'sent']);
    await call(a, 'admin', 'PATCH', `/triggers/${triggerId}`, { policy: null });
    expect((await call(a, 'admin', 'GET', '/contact-policy')).json()).toMatchObject({
      maxInvitations: { count: 1, days: 7 },
      minDaysBetween: null,
      suppressWhileTicketOpen: false,
    });
  });

  it('the unsubscribe link opts the customer out at once (GET only asks); nothing is sent after', async () => {
    await setPolicy({});
    const before = received.length;
    await ingest([order('M-106', ['fresh'])]);
    await drain();
    const body = JSON.parse(received[before].body);
    const path = new URL(body.data.unsubscribeUrl).pathname;
    expect((await app.app.inject({ method: 'GET', url: path })).statusCode).toBe(200);
    await ingest([order('M-106', ['fresh'])]);
    await drain();
    expect((await invitationsOf('M-106')).map((i) => i.status)).toEqual(['sent', 'sent']);
    const done = await app.app.inject({ method: 'POST', url: path });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('已退订');
    await ingest([order('M-106', ['fresh'])]);
    await drain();
    expect((await invitationsOf('M-106'))[0]).toMatchObject({ status: 'suppressed', reason: 'opted_out' });
    const forged = `${path.slice(0, -4)}AAAA`;
    expect((await app.app.inject({ method: 'POST', url: forged })).statusCode).toBe(404);
    expect(
      (await app.app.inject({ method: 'POST', url: `/api/v1/public/unsubscribe/${forged.slice(3)}` })).statusCode,
    ).toBe(404);
  });

  it('a failing gateway is retried with backoff, then marked failed with the error; resend sends again', async () => {
    answer = 503;
    await ingest([order('M-107', ['fresh'])]);
    await drain();
    let [inv] = await invitationsOf('M-107');
    expect(inv).toMatchObject({ status: 'scheduled', attempts: 1 });
    expect(inv.error).toContain('answered 503');
    answer = 400;
    app.clock.advance(60_000);
    await sendInvitations(app.ctx, a.tenantId, [inv.id]);
    [inv] = await invitationsOf('M-107');
    expect(inv).toMatchObject({ status: 'failed', attempts: 2 });
    answer = 200;
    const before = received.length;
    const res = await call(a, 'manager', 'POST', `/invitations/${inv.id}/resend`);
    expect(res.statusCode).toBe(200);
    await drain();
    expect(received.length).toBe(before + 1);
    expect((await invitationsOf('M-107'))[0].status).toBe('sent');
    // A second resend is a new send: its own idempotency key, so the gateway does not drop it.
    await call(a, 'admin', 'POST', `/invitations/${inv.id}/resend`);
    await drain();
    expect(received[before + 1].headers['webhook-id']).toBe(`${inv.id}.1`);
    expect((await call(a, 'viewer', 'POST', `/invitations/${inv.id}/resend`)).statusCode).toBe(403);
    expect((await call(b, 'owner', 'POST', `/invitations/${inv.id}/resend`)).statusCode).toBe(404);
  });

  it('a survey paused before the send suppresses the invitation (survey_not_live)', async () => {
    const ids = await ingest([order('M-111', ['fresh'])]);
    await evaluateEvents(app.ctx, a.tenantId, ids);
    const [inv] = await invitationsOf('M-111');
    await app.ctx.db.execute(sql`UPDATE surveys SET status = 'paused' WHERE id = ${surveyId}`);
    try {
      await sendInvitations(app.ctx, a.tenantId, [inv.id]);
    } finally {
      await app.ctx.db.execute(sql`UPDATE surveys SET status = 'live' WHERE id = ${surveyId}`);
    }
    expect((await invitationsOf('M-111'))[0]).toMatchObject({ status: 'suppressed', reason: 'survey_not_live' });
  });

  it('a crash after the gateway accepted but before "sent" was recorded resends with the same webhook-id', async () => {
    const ids = await ingest([order('M-108', ['fresh'])]);
    await evaluateEvents(app.ctx, a.tenantId, ids);
    const [inv] = await invitationsOf('M-108');
    const before = received.length;
    await sendInvitations(app.ctx, a.tenantId, [inv.id]);
    // The crash: the row never learnt it was sent (the job, not deleted, runs again).
    await app.ctx.db.execute(
      sql`UPDATE invitations SET status = 'scheduled', sends = 0, sent_at = NULL WHERE id = ${inv.id}`,
    );
    await sendInvitations(app.ctx, a.tenantId, [inv.id]);
    await drain();
    const hits = received.slice(before).filter((h) => JSON.parse(h.body).data.invitationId === inv.id);
    expect(hits).toHaveLength(2);
    expect(hits.map((h) => h.headers['webhook-id'])).toEqual([inv.id, inv.id]);
    expect(await invitationsOf('M-108')).toHaveLength(1);
  });

  it('delay, expiry and the one reminder', async () => {
    const start = app.clock.now();
    await call(a, 'admin', 'PATCH', `/triggers/${triggerId}`, {
      delayMinutes: 30,
      expiresInHours: 72,
      reminderAfterDays: 2,
    });
    const before = received.length;
    await ingest([order('M-109', ['fresh']), order('M-110', ['meat'])]);
    await drain();
    expect(received.length).toBe(before);
    const [inv] = await invitationsOf('M-109', a, 'key');
    expect(inv.status).toBe('scheduled');
    app.clock.advance(31 * 60_000);
    const [other] = await invitationsOf('M-110', a, 'key');
    await sendInvitations(app.ctx, a.tenantId, [inv.id, other.id]);
    expect(received.length).toBe(before + 2);
    // M-110 answers; M-109 does not. After two days only M-109 is reminded, once.
    const token = String(other.url).split('/s/')[1];
    expect(
      (
        await app.app.inject({
          method: 'POST',
          url: '/api/v1/responses',
          payload: { token, answers: { nps: 3, meat: 2 }, idempotencyKey: 'reach-r-0003' },
        })
      ).statusCode,
    ).toBe(201);
    app.clock.advance(2 * 86_400_000);
    await queueReminders(app.ctx);
    await queueReminders(app.ctx);
    const reminders = received.slice(before + 2);
    expect(reminders).toHaveLength(1);
    expect(JSON.parse(reminders[0].body).data).toMatchObject({ invitationId: inv.id, reminder: true });
    expect(reminders[0].headers['webhook-id']).toBe(`${inv.id}.1`);
    // Past the 72 h expiry the link answers 410 and the invitation reads expired; no reminder goes out any more.
    app.clock.advance(2 * 86_400_000);
    const mine = (await invitationsOf('M-109', a, 'key'))[0];
    expect(mine.status).toBe('expired');
    const gone = await app.app.inject({
      method: 'GET',
      url: `/api/v1/public/surveys/${String(mine.url).split('/s/')[1]}`,
    });
    expect(gone.statusCode).toBe(410);
    expect((await call(a, 'key', 'POST', `/invitations/${inv.id}/resend`)).statusCode).toBe(409);
    // Back to the start (console sessions expire by the clock).
    app.clock.set(start);
    await call(a, 'admin', 'PATCH', `/triggers/${triggerId}`, {
      delayMinutes: 0,
      expiresInHours: 72,
      reminderAfterDays: null,
    });
  });
});

describe('invitations: scope, filters, funnel, dry-run', () => {
  it('a store manager sees only their stores’ invitations; another tenant none; filters by status and trigger', async () => {
    await setPolicy({});
    await ingest([order('M-300', ['fresh'], 'S1'), order('M-301', ['fresh'], 'S3')]);
    await drain();
    expect(await invitationsOf('M-301', a, 'storeManager')).toEqual([]);
    expect(await invitationsOf('M-300', a, 'storeManager')).toHaveLength(1);
    expect(await invitationsOf('M-300', b, 'owner')).toEqual([]);
    const sent = (
      await call(a, 'admin', 'GET', `/invitations?status=suppressed&triggerId=${triggerId}&limit=500`)
    ).json().items;
    expect(sent.length).toBeGreaterThanOrEqual(99);
    expect(sent.every((i: { status: string }) => i.status === 'suppressed')).toBe(true);
    // The date filter reads the creation time, `to` exclusive (as the funnel's).
    const today = app.clock.now().toISOString().slice(0, 10);
    const tomorrow = new Date(app.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
    const inDay = (await call(a, 'admin', 'GET', `/invitations?customer=M-300&from=${today}&to=${tomorrow}`)).json();
    expect(inDay.items).toMatchObject([{ customerRef: 'M-300' }]);
    const before = (await call(a, 'admin', 'GET', `/invitations?customer=M-300&to=${today}`)).json();
    expect(before.items).toEqual([]);
    const after = (await call(a, 'admin', 'GET', `/invitations?customer=M-300&from=${tomorrow}`)).json();
    expect(after.items).toEqual([]);
    for (const q of ['status=nope', 'limit=0', 'triggerId=x', 'cursor=zz', 'extra=1', 'from=yesterday'])
      expect((await call(a, 'admin', 'GET', `/invitations?${q}`)).statusCode, q).toBe(q === 'cursor=zz' ? 422 : 422);
  });

  it('the funnel equals raw counts by channel, unit and survey', async () => {
    for (const groupBy of ['channel', 'unit', 'survey', 'touchpoint'] as const) {
      const res = await call(a, 'admin', 'GET', `/invitations/funnel?groupBy=${groupBy}`);
      expect(res.statusCode).toBe(200);
      const items = res.json().items as Array<{ sent: number; opened: number; started: number; completed: number }>;
      const total = (k: 'sent' | 'opened' | 'started' | 'completed') => items.reduce((s, i) => s + i[k], 0);
      const [raw] = await rows<{ sent: number; opened: number; started: number; completed: number }>(
        app.ctx.db,
        sql`SELECT count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent,
                   count(*) FILTER (WHERE sent_at IS NOT NULL AND (opened_at IS NOT NULL OR started_at IS NOT NULL OR responded_at IS NOT NULL))::int AS opened,
                   count(*) FILTER (WHERE sent_at IS NOT NULL AND (started_at IS NOT NULL OR responded_at IS NOT NULL))::int AS started,
                   count(*) FILTER (WHERE sent_at IS NOT NULL AND responded_at IS NOT NULL)::int AS completed
            FROM invitations WHERE tenant_id = ${a.tenantId} AND channel_id IS NOT NULL`,
      );
      expect({
        sent: total('sent'),
        opened: total('opened'),
        started: total('started'),
        completed: total('completed'),
      }).toEqual(raw);
      expect(raw.completed).toBeGreaterThanOrEqual(2);
    }
    // The metric counts the same: answered ÷ invitations that went out (suppressed and failed ones are not).
    const day = (d: number) => new Date(app.clock.now().getTime() + d * 86_400_000).toISOString().slice(0, 10);
    const metric = await call(a, 'analyst', 'POST', '/metrics/query', {
      metric: 'invitation.response_rate',
      from: day(-3),
      to: day(2),
      minN: 1,
    });
    expect(metric.statusCode).toBe(200);
    const [wentOut] = await rows<{ n: number; answered: number }>(
      app.ctx.db,
      sql`SELECT count(*)::int AS n, count(*) FILTER (WHERE responded_at IS NOT NULL)::int AS answered FROM invitations
          WHERE tenant_id = ${a.tenantId} AND status IN ('created', 'sent', 'delivered')`,
    );
    expect(metric.json().rows[0]).toMatchObject({ numerator: wentOut.answered, denominator: wentOut.n });
    const store = (await call(a, 'storeManager', 'GET', '/invitations/funnel?groupBy=unit')).json().items;
    expect(store.every((i: { key: string }) => i.key === a.units.S1.id)).toBe(true);
    expect((await call(a, 'admin', 'GET', '/invitations/funnel?groupBy=planet')).statusCode).toBe(422);
  });

  it('dry-run shows which recent events would fire and the context each customer would get, writing nothing', async () => {
    await setPolicy({ maxInvitations: { count: 1, days: 7 } });
    const [count] = await rows<{ n: number }>(
      app.ctx.db,
      sql`SELECT count(*)::int AS n FROM invitations WHERE tenant_id = ${a.tenantId}`,
    );
    const res = await call(a, 'admin', 'POST', `/triggers/${triggerId}/dry-run`, { limit: 200 });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{
      customer: string;
      matches: boolean;
      outcome: string;
      reason: string;
      context: unknown;
      shownQuestions: string[];
    }>;
    // The personalised survey: the questions each customer would see before answering.
    expect(res.json().survey).toMatchObject({
      id: surveyId,
      name: '购物回访',
      questions: [
        { name: 'nps', dependsOn: null },
        { name: 'fresh', dependsOn: 'context' },
        { name: 'meat', dependsOn: 'context' },
      ],
    });
    expect(items.find((i) => i.customer === 'M-300')?.shownQuestions).toEqual(['nps', 'fresh']);
    expect(items.find((i) => i.customer === 'M-101')).toMatchObject({
      matches: false,
      outcome: 'skipped',
      reason: 'condition',
    });
    expect(items.find((i) => i.customer === 'M-300')).toMatchObject({
      matches: true,
      outcome: 'suppressed',
      reason: 'frequency',
      context: { categories: ['fresh'] },
    });
    const [after] = await rows<{ n: number }>(
      app.ctx.db,
      sql`SELECT count(*)::int AS n FROM invitations WHERE tenant_id = ${a.tenantId}`,
    );
    expect(after.n).toBe(count.n);
    expect((await call(a, 'admin', 'POST', `/triggers/${triggerId}/dry-run`, { limit: 1000 })).statusCode).toBe(422);
  });

  it('ticket.closed (emitted by loopcx when a ticket closes) fires a trigger', async () => {
    await setPolicy({});
    const t = await call(a, 'admin', 'POST', '/triggers', {
      name: '工单关闭回访',
      eventType: 'ticket.closed',
      surveyId,
      channelId: channel.id,
    });
    expect(t.statusCode).toBe(201);
    const [ticket] = await rows<{ id: string }>(
      app.ctx.db,
      sql`INSERT INTO tickets (tenant_id, id, number, source, status, priority, title, org_unit_id, customer_ref)
          VALUES (${a.tenantId}, gen_random_uuid(), 90002, 'manual', 'resolved', 'normal', '退款', ${a.units.S1.id}, 'M-400') RETURNING id`,
    );
    const res = await call(a, 'admin', 'POST', `/tickets/${ticket.id}/followup`, { outcome: 'confirmed' });
    expect(res.statusCode).toBe(200);
    await drain();
    expect(await invitationsOf('M-400')).toMatchObject([{ status: 'sent', triggerId: t.json().id }]);
    await call(a, 'admin', 'DELETE', `/triggers/${t.json().id}`);
  });
});
