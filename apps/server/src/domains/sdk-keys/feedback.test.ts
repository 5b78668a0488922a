import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, rows, sql } from '../../platform/db.ts';
import { closeMailTransports } from '../../platform/mail.ts';
import { problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';

// Issue 20, the 吐槽 widget's server side: POST /sdk/v1/feedback and GET /sdk/v1/feedback/replies.
const env = setupTestSuite();
const SHOP = 'https://shop.example.com';
const WIDGET = {
  position: 'bottom_right',
  label: { 'zh-CN': '吐槽', en: 'Feedback' },
  title: { 'zh-CN': '有什么不满意？', en: 'What went wrong?' },
  screenshot: true,
  askContact: true,
};
/** A real 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

// A real SMTP server in the test process: what the reply-mail job hands to SMTP is what a mail server receives.
const received: Array<{ to: string[]; raw: string }> = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, session, callback) {
    let raw = '';
    stream.on('data', (d) => {
      raw += d;
    });
    stream.on('end', () => {
      received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
      callback();
    });
  },
});

let keyA: { id: string; key: string };
let keyB: { id: string; key: string };

const drain = async () => {
  while ((await env.runJobs()) > 0);
};

async function createKey(t: TestTenant, widget: unknown) {
  const res = await env.inject({
    method: 'POST',
    url: '/api/v1/sdk-keys',
    headers: t.as('admin'),
    payload: {
      name: '官网',
      allowedOrigins: [SHOP],
      allowedEventTypes: ['page.view'],
      orgUnitId: t.units.S1.id,
      feedbackWidget: widget,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; key: string; feedbackWidget: unknown };
}

const complaint = (extra: Record<string, unknown> = {}) => ({
  anonymousId: randomUUID(),
  context: { url: `${SHOP}/checkout`, appVersion: '2.3.1', locale: 'zh-CN', userAgent: 'Mozilla/5.0' },
  text: '支付一直失败，扣了钱订单却没有生成，太差了！',
  ...extra,
});

/** POST /sdk/v1/feedback as a browser on the shop would send it. */
const file = (
  body: unknown,
  opts: { k?: string; origin?: string | null; raw?: string; type?: string; ip?: string } = {},
) =>
  env.inject({
    method: 'POST',
    url: `/sdk/v1/feedback?key=${encodeURIComponent(opts.k ?? keyA.key)}`,
    headers: {
      'content-type': opts.type ?? 'application/json',
      ...(opts.origin === null ? {} : { origin: opts.origin ?? SHOP }),
    },
    payload: opts.raw ?? JSON.stringify(body),
    ...(opts.ip ? { remoteAddress: opts.ip } : {}),
  });

const replies = (tokens: string[], k = keyA.key) =>
  env.inject({
    method: 'GET',
    url: `/sdk/v1/feedback/replies?key=${encodeURIComponent(k)}&tokens=${tokens.map(encodeURIComponent).join(',')}`,
    headers: { origin: SHOP },
  });

const api = (t: TestTenant, method: 'GET' | 'POST' | 'PATCH', path: string, payload?: unknown) =>
  env.inject({
    method,
    url: `/api/v1${path}`,
    headers: t.as('admin'),
    ...(payload === undefined ? {} : { payload: payload as never }),
  });

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  env.t.ctx.config.smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  await env.t.ctx.db.execute(
    sql`INSERT INTO root_causes (tenant_id, id, code, name) VALUES (${env.a.tenantId}, ${randomUUID()}, 'payment', '支付')`,
  );
  keyA = await createKey(env.a, WIDGET);
  keyB = await createKey(env.b, WIDGET);
});

afterAll(async () => {
  closeMailTransports();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('the key’s 吐槽 widget settings', () => {
  it('are saved with the key, edited, turned off, and refused when malformed', async () => {
    const list = (await api(env.a, 'GET', '/sdk-keys')).json().items;
    expect(list.find((k: { id: string }) => k.id === keyA.id).feedbackWidget).toEqual(WIDGET);
    const off = await createKey(env.a, null);
    expect(off.feedbackWidget).toBeNull();
    const on = await api(env.a, 'PATCH', `/sdk-keys/${off.id}`, {
      feedbackWidget: { ...WIDGET, position: 'right_middle', screenshot: false },
    });
    expect(on.statusCode).toBe(200);
    expect(on.json().feedbackWidget).toMatchObject({ position: 'right_middle', screenshot: false });
    // An edit that does not mention the widget keeps it.
    expect((await api(env.a, 'PATCH', `/sdk-keys/${off.id}`, { name: 'App' })).json().feedbackWidget).toMatchObject({
      position: 'right_middle',
    });
    for (const bad of [
      { ...WIDGET, position: 'top' },
      { ...WIDGET, label: { 'zh-CN': '吐槽' } },
      { ...WIDGET, label: { 'zh-CN': 'x'.repeat(21), en: 'Feedback' } },
      { ...WIDGET, screenshot: 'yes' },
      { ...WIDGET, extra: 1 },
    ]) {
      const res = await api(env.a, 'PATCH', `/sdk-keys/${off.id}`, { feedbackWidget: bad });
      expect(res.statusCode, JSON.stringify(bad)).toBe(422);
    }
    expect(
      (await api(env.a, 'PATCH', `/sdk-keys/${off.id}`, { feedbackWidget: null })).json().feedbackWidget,
    ).toBeNull();
  });
});

describe('POST /sdk/v1/feedback', () => {
  it('is admitted like the ingest: unknown key 401, foreign origin 403, widget off 403; the preflight names POST', async () => {
    expect((await file(complaint(), { k: 'pk_unknownunknownunknownunknown' })).statusCode).toBe(401);
    const foreign = await file(complaint(), { origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    expect((await file(complaint(), { origin: null })).statusCode).toBe(403);
    const off = await createKey(env.a, null);
    const res = await file(complaint(), { k: off.key });
    expect(res.statusCode).toBe(403);
    expect(problem(res).detail).toMatch(/widget is off/);
    expect(res.headers['access-control-allow-origin']).toBe(SHOP);

    const pre = await env.inject({
      method: 'OPTIONS',
      url: `/sdk/v1/feedback?key=${keyA.key}`,
      headers: { origin: SHOP, 'access-control-request-method': 'POST' },
    });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-methods']).toBe('POST');
    expect(pre.headers['access-control-allow-origin']).toBe(SHOP);
  });

  it('files a complaint on the key’s unit, queues its analysis, and a feedback rule opens a ticket after it', async () => {
    const rule = await api(env.a, 'POST', '/alert-rules', {
      kind: 'feedback',
      name: '网页吐槽 → 工单',
      condition: { sources: ['in_app'], sentiments: ['negative'] },
      actions: { ticket: { priority: 'high', assign: 'unit_manager' } },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const res = await file(complaint({ customer: { externalId: 'M-9001', name: '王女士' } }), { type: 'text/plain' });
    expect(res.statusCode, res.body).toBe(201);
    const { id, replyToken } = res.json();
    expect(replyToken).toMatch(/^[\w-]{10,200}$/);
    expect(res.headers['access-control-allow-origin']).toBe(SHOP);
    const queued = await one<{ n: number }>(
      env.t.ctx.db,
      sql`SELECT count(*)::int AS n FROM jobs WHERE tenant_id = ${env.a.tenantId} AND kind = 'text.analyze' AND payload::text LIKE ${`%${id}%`}`,
    );
    expect(queued?.n).toBe(1);
    // Only the token's hash is stored.
    const stored = await one<{ reply_token_hash: string; anonymous_id: string }>(
      env.t.ctx.db,
      sql`SELECT reply_token_hash, anonymous_id FROM feedback_items WHERE tenant_id = ${env.a.tenantId} AND id = ${id}`,
    );
    expect(stored?.reply_token_hash).not.toContain(replyToken);
    expect(stored?.reply_token_hash).toMatch(/^[0-9a-f]{64}$/);

    const item = (await api(env.a, 'GET', `/feedback/${id}`)).json();
    expect(item).toMatchObject({
      source: 'in_app',
      channel: '官网',
      url: `${SHOP}/checkout`,
      author: '王女士',
      customerRef: 'M-9001',
      orgUnit: { id: env.a.units.S1.id },
      inApp: { appVersion: '2.3.1', locale: 'zh-CN', screenshot: false, contactLeft: false },
    });
    await drain();
    const tickets = (await api(env.a, 'GET', '/tickets?limit=100')).json().items;
    const mine = tickets.filter((t: { feedbackId: string | null }) => t.feedbackId === id);
    expect(mine).toHaveLength(1);
    expect(mine[0].title).toContain('网页吐槽');
    // Only in-app items and the in_app source filter of the list.
    const listed = (await api(env.a, 'GET', '/feedback?source=in_app')).json().items;
    expect(listed.map((x: { id: string }) => x.id)).toContain(id);
    // in_app is the SDK's: the API and CSV import cannot claim it.
    expect((await api(env.a, 'POST', '/feedback', { source: 'in_app', text: 'x' })).statusCode).toBe(422);
  });

  it('ties a complaint to the customer a known phone names, on their timeline; an unknown phone names nobody', async () => {
    const c = await api(env.a, 'POST', '/customers', {
      displayName: '韩梅梅',
      identities: [
        { kind: 'member', value: 'M-88' },
        { kind: 'phone', value: '13900139000' },
      ],
    });
    expect(c.statusCode, c.body).toBe(201);
    const known = (
      await file(complaint({ text: '积分兑换失败了两次', customer: { phone: '+86 139 0013 9000' } }))
    ).json();
    const unknown = (await file(complaint({ customer: { phone: '13700000001' } }))).json();
    expect((await api(env.a, 'GET', `/feedback/${known.id}`)).json().customerRef).toBe('M-88');
    expect((await api(env.a, 'GET', `/feedback/${unknown.id}`)).json().customerRef).toBeNull();
    await drain();
    const timeline = await api(env.a, 'GET', `/customers/${c.json().id}/timeline`);
    expect(timeline.statusCode).toBe(200);
    expect(timeline.body).toContain('积分兑换失败了两次');
  });

  it('keeps a real PNG screenshot, shown only to the console; refuses wrong bytes, > 1 MB and huge bodies', async () => {
    const ok = await file(complaint({ screenshot: { type: 'image/png', data: PNG } }));
    expect(ok.statusCode, ok.body).toBe(201);
    const { id } = ok.json();
    expect((await api(env.a, 'GET', `/feedback/${id}`)).json().inApp.screenshot).toBe(true);
    const shot = await api(env.a, 'GET', `/feedback/${id}/screenshot`);
    expect(shot.statusCode).toBe(200);
    expect(shot.headers['content-type']).toBe('image/png');
    expect(shot.headers['x-content-type-options']).toBe('nosniff');
    expect(shot.rawPayload.equals(Buffer.from(PNG, 'base64'))).toBe(true);
    // Never public; another tenant's admin gets 404.
    expect((await env.inject({ method: 'GET', url: `/api/v1/feedback/${id}/screenshot` })).statusCode).toBe(401);
    expect((await api(env.b, 'GET', `/feedback/${id}/screenshot`)).statusCode).toBe(404);

    const jpegAsPng = await file(
      complaint({
        screenshot: { type: 'image/png', data: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]).toString('base64') },
      }),
    );
    expect(jpegAsPng.statusCode).toBe(422);
    expect(problem(jpegAsPng).invalidParams?.[0].name).toBe('screenshot.data');
    const html = await file(
      complaint({
        screenshot: { type: 'image/webp', data: Buffer.from('<script>alert(1)</script>').toString('base64') },
      }),
    );
    expect(html.statusCode).toBe(422);
    const gif = await file(complaint({ screenshot: { type: 'image/gif', data: PNG } }));
    expect(gif.statusCode).toBe(422);
    const notBase64 = await file(complaint({ screenshot: { type: 'image/png', data: '!!!' } }));
    expect(notBase64.statusCode).toBe(422);

    const big = Buffer.alloc(1024 * 1024 + 10);
    Buffer.from(PNG, 'base64').copy(big);
    const tooBig = await file(complaint({ screenshot: { type: 'image/png', data: big.toString('base64') } }));
    expect(tooBig.statusCode).toBe(413);
    const huge = await file(complaint({ text: 'x'.repeat(2 * 1024 * 1024) }));
    expect(huge.statusCode).toBe(413);
    expect(huge.headers['content-type']).toMatch(/problem\+json/);
    const hugePlain = await file(undefined, {
      type: 'text/plain',
      raw: JSON.stringify(complaint({ text: 'x'.repeat(2e6) })),
    });
    expect(hugePlain.statusCode).toBe(413);
  });

  it('refuses hostile and wrong-typed bodies with a 4xx naming the field, never a 5xx', async () => {
    const cases: Array<[unknown, string]> = [
      [complaint({ text: '' }), 'text'],
      [complaint({ text: 'x'.repeat(2001) }), 'text'],
      [complaint({ text: 42 }), 'text'],
      [{ ...complaint(), anonymousId: undefined }, 'anonymousId'],
      [complaint({ anonymousId: '<script>' }), 'anonymousId'],
      [complaint({ contact: { email: 'not-an-email' } }), 'contact.email'],
      [complaint({ contact: { phone: 'abc' } }), 'contact.phone'],
      [complaint({ context: { url: 'javascript:alert(1)' } }), 'context.url'],
      [complaint({ extra: true }), 'body'],
      [complaint({ customer: { email: 'nope' } }), 'customer.email'],
    ];
    for (const [body, field] of cases) {
      const res = await file(body);
      expect(res.statusCode, field).toBe(422);
      expect(
        problem(res)
          .invalidParams?.map((p) => p.name)
          .join(','),
        field,
      ).toContain(field);
    }
    for (const raw of [
      '{"__proto__": {"x": 1}, "text": "a"}',
      '[1,2]',
      'null',
      '{',
      `${'['.repeat(200)}${']'.repeat(200)}`,
    ]) {
      const res = await file(undefined, { raw, type: 'text/plain' });
      expect(res.statusCode, raw.slice(0, 20)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, raw.slice(0, 20)).toBeLessThan(500);
    }
    const form = await file(undefined, { raw: 'text=hi', type: 'application/x-www-form-urlencoded' });
    expect(form.statusCode).toBe(415);
  });

  it('limits complaints per address (429 with Retry-After), whatever the key', async () => {
    env.t.ctx.config.sdkFeedbackIpRate = 3;
    try {
      const ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
      for (let i = 0; i < 3; i++) expect((await file(complaint(), { ip })).statusCode).toBe(201);
      const refused = await file(complaint(), { ip });
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.headers['access-control-allow-origin']).toBe(SHOP);
      // Another address is not held up.
      expect((await file(complaint(), { ip: '10.254.254.254' })).statusCode).toBe(201);
    } finally {
      env.t.ctx.config.sdkFeedbackIpRate = 0;
    }
  });
});

describe('GET /sdk/v1/feedback/replies', () => {
  it('shows each complaint’s status and replies; forged and other tenants’ tokens are absent; the reply is mailed', async () => {
    received.length = 0;
    const withMail = (
      await file(
        complaint({ contact: { email: 'wang@example.com', phone: '13800138000' }, context: { locale: 'en-US' } }),
      )
    ).json();
    const plain = (await file(complaint({ text: '菜单图片加载很慢' }))).json();
    const other = (await file(complaint(), { k: keyB.key })).json();
    await drain();
    const item = (await api(env.a, 'GET', `/feedback/${withMail.id}`)).json();
    expect(item.inApp.contactLeft).toBe(true);
    // The contact is sealed, never in the row in clear.
    const row = await one<{ contact_sealed: string }>(
      env.t.ctx.db,
      sql`SELECT contact_sealed FROM feedback_items WHERE tenant_id = ${env.a.tenantId} AND id = ${withMail.id}`,
    );
    expect(row?.contact_sealed).not.toContain('wang@');
    expect(row?.contact_sealed).not.toContain('13800138000');

    let res = await replies([withMail.replyToken, plain.replyToken, 'fr_forgedforgedforgedforged', other.replyToken]);
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(SHOP);
    expect(res.json().items).toHaveLength(2);
    const first = res.json().items.find((x: { replyToken: string }) => x.replyToken === withMail.replyToken);
    expect(first).toEqual({ replyToken: withMail.replyToken, status: 'received', replies: [] });

    // The rule opened a ticket for the negative one; working it moves the complaint along.
    const ticket = (await api(env.a, 'GET', '/tickets?limit=200'))
      .json()
      .items.find((t: { feedbackId: string | null }) => t.feedbackId === withMail.id);
    expect(ticket).toBeDefined();
    expect((await api(env.a, 'POST', `/tickets/${ticket.id}/transitions`, { to: 'acknowledged' })).statusCode).toBe(
      200,
    );
    const sent = await api(env.a, 'POST', `/feedback/${withMail.id}/replies`, {
      text: 'We refunded the payment. Sorry!',
    });
    expect(sent.statusCode).toBe(201);
    res = await replies([withMail.replyToken]);
    expect(res.json().items[0]).toMatchObject({
      status: 'in_progress',
      replies: [{ text: 'We refunded the payment. Sorry!' }],
    });
    expect(Date.parse(res.json().items[0].replies[0].at)).not.toBeNaN();
    await drain();
    expect(received).toHaveLength(1);
    expect(received[0].to).toEqual(['wang@example.com']);
    expect(received[0].raw).toContain('Subject: A reply to your feedback');
    const mailed = await one<{ mail_status: string }>(
      env.t.ctx.db,
      sql`SELECT mail_status FROM feedback_replies WHERE tenant_id = ${env.a.tenantId} AND feedback_id = ${withMail.id}`,
    );
    expect(mailed?.mail_status).toBe('sent');
    const resolved = await api(env.a, 'POST', `/tickets/${ticket.id}/transitions`, {
      to: 'resolved',
      rootCause: 'payment',
      resolution: '已退款',
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect((await replies([withMail.replyToken])).json().items[0].status).toBe('resolved');

    // A complaint without contact gets no mail, only the reply in the widget.
    await api(env.a, 'POST', `/feedback/${plain.id}/replies`, { text: '已优化图片加载' });
    await drain();
    expect(received).toHaveLength(1);
    // The other tenant reads its own token with its own key.
    expect((await replies([other.replyToken], keyB.key)).json().items).toHaveLength(1);
    expect((await replies([withMail.replyToken], keyB.key)).json().items).toHaveLength(0);
  });

  it('a mail outage never fails the reply: the mail job retries and sends once SMTP is back (in Chinese for a zh page)', async () => {
    received.length = 0;
    const filed = (await file(complaint({ contact: { email: 'li@example.com' } }))).json();
    const smtpUrl = env.t.ctx.config.smtpUrl;
    env.t.ctx.config.smtpUrl = 'smtp://127.0.0.1:1';
    try {
      const sent = await api(env.a, 'POST', `/feedback/${filed.id}/replies`, { text: '已为您退款' });
      expect(sent.statusCode).toBe(201);
      await env.runJobs();
      expect(received).toHaveLength(0);
      const status = async () =>
        (
          await one<{ mail_status: string }>(
            env.t.ctx.db,
            sql`SELECT mail_status FROM feedback_replies WHERE tenant_id = ${env.a.tenantId} AND feedback_id = ${filed.id}`,
          )
        )?.mail_status;
      expect(await status()).toBe('pending');
      // The reply is in the widget already.
      expect((await replies([filed.replyToken])).json().items[0].replies).toMatchObject([{ text: '已为您退款' }]);
      env.t.ctx.config.smtpUrl = smtpUrl;
      await env.t.ctx.db.execute(
        sql`UPDATE jobs SET run_at = now() WHERE tenant_id = ${env.a.tenantId} AND kind = 'feedback.reply-mail'`,
      );
      await drain();
      expect(received).toHaveLength(1);
      expect(received[0].to).toEqual(['li@example.com']);
      expect(await status()).toBe('sent');
      // Base64 body: decode it to read the Chinese text.
      const body = received[0].raw.slice(received[0].raw.indexOf('\r\n\r\n') + 4).replace(/\r\n/g, '');
      expect(Buffer.from(body, 'base64').toString('utf8')).toContain('已为您退款');
    } finally {
      env.t.ctx.config.smtpUrl = smtpUrl;
    }
  });

  it('refuses a missing, oversized or malformed token list (422), and an unknown key (401)', async () => {
    expect((await replies([])).statusCode).toBe(422);
    const many = Array.from({ length: 21 }, (_, i) => `fr_token${i}`);
    expect((await replies(many)).statusCode).toBe(422);
    expect((await replies(['<bad>'])).statusCode).toBe(422);
    expect((await replies(['fr_x'], 'pk_unknownunknownunknownunknown')).statusCode).toBe(401);
    const pre = await env.inject({
      method: 'OPTIONS',
      url: `/sdk/v1/feedback/replies?key=${keyA.key}`,
      headers: { origin: SHOP },
    });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-methods']).toBe('GET');
    // Nothing in the rows the SDK reads leaked: no stored token.
    const leaked = await rows(
      env.t.ctx.db,
      sql`SELECT 1 FROM feedback_items WHERE tenant_id = ${env.a.tenantId} AND reply_token_hash LIKE 'fr_%'`,
    );
    expect(leaked).toHaveLength(0);
  });
});
