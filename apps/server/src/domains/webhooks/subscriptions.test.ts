import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ZWebhookDeliveryListResponse, ZWebhookResponse } from '@loopcx/shared';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, rows, sql } from '../../platform/db.ts';
import { enqueue, runDueJobs } from '../../platform/jobs.ts';
import { createTestApp, createTestTenant, problem, type TestApp, type TestTenant } from '../../testing/harness.ts';
import { responsesCommittedJob } from '../responses/jobs.ts';
import { DISABLE_AFTER_FAILURES } from './commands/disable-endpoint.ts';
import { RETRY_WINDOW_MS, retryDelayMs } from './commands/send-deliveries.ts';
import { webhookSendJob } from './jobs.ts';

// A receiver on loopback (allowed for this suite): each path answers the status `answers` holds for it (204 by
// default) and records what it got.
interface Hit {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
const received: Hit[] = [];
const answers = new Map<string, number>();
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => {
    body += d;
  });
  req.on('end', () => {
    const path = req.url ?? '/';
    received.push({ path, headers: req.headers, body });
    res.statusCode = answers.get(path) ?? 204;
    res.end(res.statusCode >= 500 ? 'receiver broke' : '');
  });
});

let app: TestApp;
let a: TestTenant;
let b: TestTenant;
let base: string;
let surveyId: string;
let versionId: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  app = await createTestApp({ config: { outboundAllow: ['127.0.0.1/32'] } });
  a = await createTestTenant(app.ctx);
  b = await createTestTenant(app.ctx);
  surveyId = randomUUID();
  versionId = randomUUID();
  const def = { elements: [{ type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 }] };
  await app.ctx.db.execute(
    sql`INSERT INTO surveys (tenant_id, id, name, status, definition, bindings) VALUES (${a.tenantId}, ${surveyId}, '就餐满意度', 'live', ${JSON.stringify(def)}::jsonb, '{"nps":"nps"}'::jsonb)`,
  );
  await app.ctx.db.execute(
    sql`INSERT INTO survey_versions (tenant_id, id, survey_id, version, definition, bindings) VALUES (${a.tenantId}, ${versionId}, ${surveyId}, 1, ${JSON.stringify(def)}::jsonb, '{"nps":"nps"}'::jsonb)`,
  );
});

afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => receiver.close(resolve));
});

const call = (t: TestTenant, user: string, method: 'GET' | 'POST' | 'PATCH', path: string, payload?: unknown) =>
  app.app.inject({
    method,
    url: `/api/v1${path}`,
    headers: t.as(user),
    ...(payload === undefined ? {} : { payload: payload as never }),
  });

/** Runs this file's tenants' webhook and response jobs until none is due (never another file's). */
async function drain() {
  const kinds = ['responses.committed', 'webhooks.fanout', 'webhooks.send'];
  while ((await runDueJobs(app.ctx, kinds, { tenantIds: [a.tenantId, b.tenantId] })) > 0);
}

/** Makes this tenant's scheduled retries due now (the database's clock cannot be moved). */
async function retriesDueNow(t: TestTenant) {
  await app.ctx.db.execute(
    sql`UPDATE jobs SET run_at = now() WHERE tenant_id = ${t.tenantId} AND kind = 'webhooks.send' AND dead_at IS NULL`,
  );
}

/** Stores a response and its `responses.committed` job in one transaction, as the response writer does. */
async function respond(unit: keyof TestTenant['units'], nps = 9) {
  const id = randomUUID();
  await app.ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`INSERT INTO responses (tenant_id, id, survey_id, survey_version_id, org_unit_id, answers, scores, idempotency_key, body_hash, submitted_at)
          VALUES (${a.tenantId}, ${id}, ${surveyId}, ${versionId}, ${a.units[unit].id}, ${JSON.stringify({ nps })}::jsonb,
                  ${JSON.stringify({ nps })}::jsonb, ${id}, 'h', now())`,
    );
    await enqueue(tx, responsesCommittedJob, [{ ids: [id] }], { tenantId: a.tenantId });
  });
  return id;
}

async function subscribe(t: TestTenant, body: Record<string, unknown>) {
  const res = await call(t, 'admin', 'POST', '/webhooks', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; secret: string };
}

const hitsAt = (path: string) => received.filter((h) => h.path === path);
const bodyOf = (h: Hit) => JSON.parse(h.body) as { type: string; timestamp: string; data: Record<string, any> };
const deliveries = async (t: TestTenant, id: string, query = '') => {
  const res = await call(t, 'admin', 'GET', `/webhooks/${id}/deliveries${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return ZWebhookDeliveryListResponse.parse(res.json());
};

describe('webhook subscriptions', () => {
  it('subscribing: 401 without a session, 422 for an unknown event type, 404 for another tenant’s survey or unit', async () => {
    expect(
      (await app.app.inject({ method: 'GET', url: `/api/v1/webhooks/${randomUUID()}/deliveries` })).statusCode,
    ).toBe(401);
    const unknown = await call(a, 'admin', 'POST', '/webhooks', { url: `${base}/x`, events: ['response.deleted'] });
    expect(unknown.statusCode).toBe(422);
    expect(problem(unknown).invalidParams?.[0].name).toBe('events.0');
    const twice = await call(a, 'admin', 'POST', '/webhooks', {
      url: `${base}/x`,
      events: ['ticket.created', 'ticket.created'],
    });
    expect(twice.statusCode).toBe(422);
    expect(
      (await call(b, 'admin', 'POST', '/webhooks', { url: `${base}/x`, events: ['response.created'], surveyId }))
        .statusCode,
    ).toBe(404);
    expect(
      (await call(b, 'admin', 'POST', '/webhooks', { url: `${base}/x`, orgUnitId: a.units.S1.id, events: [] }))
        .statusCode,
    ).toBe(404);
    const count = await one<{ n: number }>(
      app.ctx.db,
      sql`SELECT count(*)::int AS n FROM webhook_endpoints WHERE tenant_id = ${b.tenantId}`,
    );
    expect(count?.n).toBe(0);
  });

  it('response.created reaches matching endpoints only, signed so the stock standardwebhooks library verifies it', async () => {
    const all = await subscribe(a, { url: `${base}/all`, events: ['response.created'], surveyId });
    const r1 = await subscribe(a, { url: `${base}/r1`, events: ['response.created'], orgUnitId: a.units.R1.id });
    const tickets = await subscribe(a, { url: `${base}/tickets-only`, events: ['ticket.created'] });
    const otherSurvey = randomUUID();
    await app.ctx.db.execute(
      sql`INSERT INTO surveys (tenant_id, id, name, status, definition) VALUES (${a.tenantId}, ${otherSurvey}, 'other', 'live', '{}'::jsonb)`,
    );
    await subscribe(a, { url: `${base}/other-survey`, events: ['response.created'], surveyId: otherSurvey });
    await subscribe(b, { url: `${base}/tenant-b`, events: ['response.created'] });
    const listed = ZWebhookResponse.parse((await call(a, 'admin', 'GET', `/webhooks/${all.id}`)).json());
    expect(listed).toMatchObject({ events: ['response.created'], surveyId, enabled: true, disabledReason: null });

    const inS1 = await respond('S1', 3);
    const inS3 = await respond('S3', 10);
    await drain();

    const atAll = hitsAt('/all').map(bodyOf);
    expect(atAll.map((m) => m.data.id).sort()).toEqual([inS1, inS3].sort());
    const first = atAll.find((m) => m.data.id === inS1)!;
    expect(first).toMatchObject({
      type: 'response.created',
      data: { id: inS1, surveyId, orgUnitId: a.units.S1.id, answers: { nps: 3 }, scores: { nps: 3 } },
    });
    expect(Number.isNaN(Date.parse(first.timestamp))).toBe(false);
    expect(typeof first.data.sequence).toBe('number');
    for (const hit of hitsAt('/all')) {
      const verified = new Webhook(all.secret).verify(hit.body, {
        'webhook-id': String(hit.headers['webhook-id']),
        'webhook-timestamp': String(hit.headers['webhook-timestamp']),
        'webhook-signature': String(hit.headers['webhook-signature']),
      });
      expect(verified).toMatchObject({ type: 'response.created' });
      expect(hit.headers['webhook-id']).toMatch(/^msg_[0-9a-f-]{36}$/);
    }
    // R1's subtree holds S1, not S3; the other filters match nothing; tenant B's endpoint hears nothing of A.
    expect(hitsAt('/r1').map((h) => bodyOf(h).data.id)).toEqual([inS1]);
    expect(hitsAt('/tickets-only')).toHaveLength(0);
    expect(hitsAt('/other-survey')).toHaveLength(0);
    expect(hitsAt('/tenant-b')).toHaveLength(0);

    const log = await deliveries(a, all.id);
    expect(log.items).toHaveLength(2);
    expect(log.items[0]).toMatchObject({ status: 'succeeded', attempts: 1, responseStatus: 204, error: null });
    expect(log.items[0].latencyMs).toBeGreaterThanOrEqual(0);
    expect(log.items[0].requestBody).toContain('"type":"response.created"');
    expect((await deliveries(a, r1.id)).items).toHaveLength(1);
    expect((await deliveries(a, tickets.id)).items).toHaveLength(0);
    // Another tenant's endpoint is a 404, its log too.
    expect((await call(b, 'admin', 'GET', `/webhooks/${all.id}/deliveries`)).statusCode).toBe(404);
  });

  it('the outbox: an acknowledged change with no worker running loses nothing; a rolled-back one sends nothing', async () => {
    await subscribe(a, { url: `${base}/outbox`, events: ['response.created', 'ticket.created'] });
    const id = await respond('S2');
    // "Crash" here: the change is committed, nothing has run. The event exists only as outbox work.
    expect(hitsAt('/outbox')).toHaveLength(0);
    const pending = await one<{ n: number }>(
      app.ctx.db,
      sql`SELECT count(*)::int AS n FROM jobs WHERE tenant_id = ${a.tenantId} AND kind = 'responses.committed' AND dead_at IS NULL`,
    );
    expect(pending?.n).toBeGreaterThan(0);
    // A ticket whose transaction fails leaves no event behind.
    await expect(
      app.ctx.db.transaction(async (tx) => {
        const ticket = randomUUID();
        await tx.execute(
          sql`INSERT INTO tickets (tenant_id, id, number, source, status, priority, title, org_unit_id)
              VALUES (${a.tenantId}, ${ticket}, 999999, 'manual', 'new', 'normal', 'rolled back', ${a.units.S1.id})`,
        );
        await tx.execute(
          sql`INSERT INTO ticket_events (tenant_id, ticket_id, kind, to_status, at) VALUES (${a.tenantId}, ${ticket}, 'created', 'new', now())`,
        );
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');
    // The restarted worker runs the outbox.
    await drain();
    expect(hitsAt('/outbox').map((h) => bodyOf(h))).toEqual([
      expect.objectContaining({ type: 'response.created', data: expect.objectContaining({ id }) }),
    ]);
  });

  it('tickets, feedback and alerts emit from the same transaction; one object’s events carry increasing sequence numbers', async () => {
    const hook = await subscribe(a, {
      url: `${base}/loop`,
      events: ['ticket.created', 'ticket.updated', 'feedback.created', 'alert.fired'],
    });
    const created = await call(a, 'admin', 'POST', '/tickets', { title: '上菜太慢', orgUnitId: a.units.S2.id });
    expect(created.statusCode, created.body).toBe(201);
    const ticketId = created.json().id as string;
    const moved = await call(a, 'admin', 'POST', `/tickets/${ticketId}/transitions`, { to: 'acknowledged' });
    expect(moved.statusCode, moved.body).toBe(200);
    const fb = await call(a, 'admin', 'POST', '/feedback', {
      source: 'social',
      text: '排队一小时，服务员态度差',
      orgUnitId: a.units.S3.id,
    });
    expect(fb.statusCode, fb.body).toBe(201);
    const rule = await call(a, 'admin', 'POST', '/alert-rules', {
      kind: 'response',
      name: '贬损者预警',
      condition: { expression: '{nps} <= 2' },
      actions: { notify: { inApp: true } },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const detractor = await respond('S1', 1);
    await drain();
    const got = hitsAt('/loop').map(bodyOf);
    const ticketEvents = got.filter((m) => m.data.id === ticketId).sort((x, y) => x.data.sequence - y.data.sequence);
    expect(ticketEvents.map((m) => m.type)).toEqual(['ticket.created', 'ticket.updated']);
    expect(ticketEvents[1].data).toMatchObject({
      status: 'acknowledged',
      change: { kind: 'status', to: 'acknowledged' },
    });
    expect(ticketEvents[1].data.sequence).toBeGreaterThan(ticketEvents[0].data.sequence);
    expect(got.find((m) => m.type === 'feedback.created')?.data).toMatchObject({
      id: fb.json().id,
      source: 'social',
      orgUnitId: a.units.S3.id,
    });
    expect(got.find((m) => m.type === 'alert.fired')?.data).toMatchObject({
      ruleId: rule.json().id,
      ruleName: '贬损者预警',
      source: 'response',
      orgUnitId: a.units.S1.id,
      responseId: detractor,
      surveyId,
      details: { scores: { nps: 1 } },
    });
    expect((await deliveries(a, hook.id)).items.every((d) => d.status === 'succeeded')).toBe(true);
  });

  it('a failing receiver is retried with growing, jittered delays until it answers; after 24 h a delivery is given up', async () => {
    for (let n = 1; n <= 12; n++) {
      const base = Math.min(10_000 * 3 ** (n - 1), 4 * 3600_000);
      expect(retryDelayMs(n, 0)).toBe(Math.round(base * 0.75));
      expect(retryDelayMs(n, 1)).toBe(Math.round(base * 1.25));
    }
    answers.set('/flaky', 500);
    const hook = await subscribe(a, { url: `${base}/flaky`, events: ['response.created'], orgUnitId: a.units.S3.id });
    await respond('S3');
    await drain();
    let [d] = (await deliveries(a, hook.id)).items;
    expect(d).toMatchObject({ status: 'retrying', attempts: 1, responseStatus: 500, responseBody: 'receiver broke' });
    expect(d.error).toContain('500');
    const wait = Date.parse(d.nextAttemptAt!) - Date.parse(d.lastAttemptAt!);
    expect(wait).toBeGreaterThanOrEqual(7_000);
    expect(wait).toBeLessThanOrEqual(14_000);
    // Not due yet: nothing is sent again.
    await drain();
    expect(hitsAt('/flaky')).toHaveLength(1);
    await retriesDueNow(a);
    await drain();
    [d] = (await deliveries(a, hook.id)).items;
    expect(d).toMatchObject({ status: 'retrying', attempts: 2 });
    answers.set('/flaky', 200);
    await retriesDueNow(a);
    await drain();
    [d] = (await deliveries(a, hook.id)).items;
    expect(d).toMatchObject({ status: 'succeeded', attempts: 3, responseStatus: 200 });
    const ids = new Set(hitsAt('/flaky').map((h) => h.headers['webhook-id']));
    expect(ids.size).toBe(1); // every retry carries the same webhook-id

    // A receiver still failing when the 24 hours are over: the delivery is given up.
    answers.set('/flaky', 503);
    await respond('S3');
    await drain();
    const [late] = (await deliveries(a, hook.id)).items;
    expect(late).toMatchObject({ status: 'retrying', attempts: 1 });
    // The delivery was first tried 25 hours ago.
    await app.ctx.db.execute(
      sql`UPDATE webhook_deliveries SET created_at = created_at - make_interval(secs => ${(RETRY_WINDOW_MS + 3600_000) / 1000})
          WHERE tenant_id = ${a.tenantId} AND endpoint_id = ${hook.id} AND status = 'retrying'`,
    );
    await retriesDueNow(a);
    await drain();
    const last = (await deliveries(a, hook.id)).items.find((x) => x.id === late.id);
    expect(last).toMatchObject({ status: 'failed', attempts: 2, responseStatus: 503, nextAttemptAt: null });
  });

  it(`after ${DISABLE_AFTER_FAILURES} failures in a row the endpoint is switched off and its owner told; redelivery after re-enabling`, async () => {
    answers.set('/down', 500);
    const hook = await subscribe(a, { url: `${base}/down`, events: ['response.created'], orgUnitId: a.units.C1.id });
    for (let i = 0; i < DISABLE_AFTER_FAILURES; i++) await respond(i % 2 ? 'S1' : 'S2');
    await drain();
    const w = ZWebhookResponse.parse((await call(a, 'admin', 'GET', `/webhooks/${hook.id}`)).json());
    expect(w).toMatchObject({ enabled: false, disabledReason: 'failures' });
    expect(w.consecutiveFailures).toBeGreaterThanOrEqual(DISABLE_AFTER_FAILURES);
    const log = await deliveries(a, hook.id, '?limit=200');
    expect(log.items).toHaveLength(DISABLE_AFTER_FAILURES);
    expect(log.items.every((d) => d.status === 'failed')).toBe(true);
    // The admin created it: the notice is theirs.
    const notes = await call(a, 'admin', 'GET', '/notifications');
    expect(notes.statusCode).toBe(200);
    expect(JSON.stringify(notes.json())).toContain('Webhook');
    const owner = await rows<{ subject: string }>(
      app.ctx.db,
      sql`SELECT subject FROM notifications WHERE tenant_id = ${a.tenantId} AND recipient = ${a.users.admin.id}
            AND data ->> 'webhookId' = ${hook.id}`,
    );
    expect(owner).toHaveLength(1);
    // Nothing more is sent while it is off, and redelivery is refused until it is switched on again.
    const before = hitsAt('/down').length;
    await respond('S1');
    await drain();
    expect(hitsAt('/down')).toHaveLength(before);
    const refused = await call(a, 'admin', 'POST', `/webhooks/${hook.id}/deliveries/${log.items[0].id}/redeliver`);
    expect(refused.statusCode).toBe(409);

    answers.set('/down', 204);
    const on = await call(a, 'admin', 'PATCH', `/webhooks/${hook.id}`, { enabled: true });
    expect(on.json()).toMatchObject({ enabled: true, disabledReason: null, consecutiveFailures: 0 });
    const again = await call(a, 'admin', 'POST', `/webhooks/${hook.id}/deliveries/${log.items[0].id}/redeliver`);
    expect(again.statusCode, again.body).toBe(202);
    expect(again.json()).toMatchObject({ status: 'pending', attempts: 0, redeliveryOf: log.items[0].id });
    await drain();
    const [redone] = (await deliveries(a, hook.id)).items;
    expect(redone).toMatchObject({ id: again.json().id, status: 'succeeded', attempts: 1 });
    const last = hitsAt('/down').at(-1)!;
    expect(last.headers['webhook-id']).toBe(redone.messageId);
    // Another tenant cannot redeliver it (404), nor can a bad id pass (422).
    expect(
      (await call(b, 'admin', 'POST', `/webhooks/${hook.id}/deliveries/${log.items[0].id}/redeliver`)).statusCode,
    ).toBe(404);
    expect((await call(a, 'admin', 'POST', `/webhooks/${hook.id}/deliveries/nope/redeliver`)).statusCode).toBe(422);
  });

  it('the delivery log pages with a cursor; a forged cursor is a 4xx problem', async () => {
    const hook = await subscribe(a, { url: `${base}/paged`, events: ['response.created'], orgUnitId: a.units.S2.id });
    for (let i = 0; i < 5; i++) await respond('S2');
    await drain();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await deliveries(a, hook.id, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const forged = await call(a, 'admin', 'GET', `/webhooks/${hook.id}/deliveries?cursor=bm90LWEtY3Vyc29y`);
    expect(forged.statusCode).toBe(422);
    expect(problem(forged).invalidParams?.[0].name).toBe('cursor');
  });

  it('batches recorded at the same time (the runner’s lanes on PostgreSQL): every request recorded once, none sent twice', async () => {
    // Tenant b, whose feedback no other test subscribes to. 4 endpoints answer, 2 fail (their counts change, so
    // their rows are locked by every batch that records a failure).
    const paths = ['/lane-0', '/lane-1', '/lane-2', '/lane-3', '/lane-bad-0', '/lane-bad-1'];
    for (const p of paths.filter((x) => x.includes('bad'))) answers.set(p, 500);
    const hooks = [];
    for (const p of paths) hooks.push(await subscribe(b, { url: `${base}${p}`, events: ['feedback.created'] }));
    const items = 15;
    await app.ctx.db.execute(
      sql`INSERT INTO feedback_items (tenant_id, id, source, text, org_unit_id, occurred_at)
          SELECT ${b.tenantId}, gen_random_uuid(), 'social', '上菜慢 #' || g, ${b.units.HQ.id}, now()
          FROM generate_series(1, ${items}) AS g`,
    );
    while ((await runDueJobs(app.ctx, ['webhooks.fanout'], { tenantIds: [b.tenantId] })) > 0);
    // Many small batches instead of the fan-out's batches of 100, so that many of them run and record at once.
    await app.ctx.db.transaction(async (tx) => {
      const jobs = await rows<{ payload: { deliveryIds: string[] } }>(
        tx,
        sql`DELETE FROM jobs WHERE tenant_id = ${b.tenantId} AND kind = 'webhooks.send' RETURNING payload`,
      );
      const all = jobs.flatMap((j) => j.payload.deliveryIds);
      expect(all).toHaveLength(items * paths.length);
      const small = [];
      for (let i = 0; i < all.length; i += 3) small.push({ deliveryIds: all.slice(i, i + 3) });
      await enqueue(tx, webhookSendJob, small, { tenantId: b.tenantId });
    });
    received.length = 0;
    expect(await runDueJobs(app.ctx, ['webhooks.send'], { tenantIds: [b.tenantId] })).toBe(30);

    // Each message reached each endpoint exactly once, and the log holds one attempt per request.
    const perEndpoint = new Map<string, Set<string>>();
    for (const h of received) {
      const seen = perEndpoint.get(h.path) ?? new Set<string>();
      expect(seen.has(String(h.headers['webhook-id'])), `${h.path} got a message twice`).toBe(false);
      seen.add(String(h.headers['webhook-id']));
      perEndpoint.set(h.path, seen);
    }
    expect(received).toHaveLength(items * paths.length);
    for (const [i, hook] of hooks.entries()) {
      const log = await deliveries(b, hook.id, '?limit=200');
      expect(log.items).toHaveLength(items);
      const bad = paths[i].includes('bad');
      for (const d of log.items) expect(d).toMatchObject({ attempts: 1, status: bad ? 'retrying' : 'succeeded' });
      const w = ZWebhookResponse.parse((await call(b, 'admin', 'GET', `/webhooks/${hook.id}`)).json());
      expect(w.consecutiveFailures).toBe(bad ? items : 0);
    }
    // No batch failed (a failed batch is retried and sends its deliveries again).
    const failed = await one<{ n: number }>(
      app.ctx.db,
      sql`SELECT count(*)::int AS n FROM jobs WHERE tenant_id = ${b.tenantId} AND kind = 'webhooks.send' AND last_error IS NOT NULL`,
    );
    expect(failed?.n).toBe(0);
    for (const hook of hooks)
      await app.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${hook.id}`, headers: b.as('admin') });
  });
});
