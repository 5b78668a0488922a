import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ZWebhookDeliveryListResponse } from '@loopcx/shared';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import { createTestApp, createTestTenant, problem, type TestApp, type TestTenant } from '../../testing/harness.ts';

// A receiver on loopback (allowed for this suite) that answers what `answer` says.
const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
let answer = 204;
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => {
    body += d;
  });
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    res.statusCode = answer;
    res.end();
  });
});

let app: TestApp;
let a: TestTenant;
let b: TestTenant;
let url: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/loopcx`;
  app = await createTestApp({ config: { outboundAllow: ['127.0.0.1/32'] } });
  a = await createTestTenant(app.ctx);
  b = await createTestTenant(app.ctx);
});

afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => receiver.close(resolve));
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

const headersOf = (h: IncomingHttpHeaders) => ({
  'webhook-id': String(h['webhook-id']),
  'webhook-timestamp': String(h['webhook-timestamp']),
  'webhook-signature': String(h['webhook-signature']),
});

async function sendTest(id: string) {
  const before = received.length;
  const res = await call(a, 'admin', 'POST', `/webhooks/${id}/test`);
  expect(res.statusCode).toBe(200);
  return { result: res.json(), hit: received[before] };
}

describe('webhook endpoints', () => {
  it('the secret is answered once on creation (whsec_, 32 bytes) and never by list or get', async () => {
    const res = await call(a, 'admin', 'POST', '/webhooks', { url, description: '数据平台' });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(created.secret.slice(6), 'base64')).toHaveLength(32);
    expect(created).toMatchObject({
      url,
      description: '数据平台',
      enabled: true,
      orgUnitId: a.units.HQ.id,
      ruleCount: 0,
    });
    const list = await call(a, 'admin', 'GET', '/webhooks');
    const one = await call(a, 'admin', 'GET', `/webhooks/${created.id}`);
    for (const r of [list, one]) {
      expect(r.statusCode).toBe(200);
      expect(r.body).not.toContain(created.secret);
      expect(r.body).not.toContain('whsec_');
    }
    expect(list.json().items.map((w: { id: string }) => w.id)).toContain(created.id);
    // The audit trail records the change without the secret or the receiver's path.
    const audit = await rows<{ data: unknown }>(
      app.ctx.db,
      sql`SELECT after AS data FROM audit_log WHERE tenant_id = ${a.tenantId} AND target_id = ${created.id}`,
    );
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('whsec_');
    expect(JSON.stringify(audit)).not.toContain('/hooks/loopcx');
  });

  it('a test message reaches the receiver signed per Standard Webhooks; a non-2xx answer is reported, not thrown', async () => {
    const { id, secret } = (await call(a, 'admin', 'POST', '/webhooks', { url })).json();
    const { result, hit } = await sendTest(id);
    expect(result).toMatchObject({ ok: true, responseStatus: 204, error: null, webhookId: id });
    expect(new Webhook(secret).verify(hit.body, headersOf(hit.headers))).toMatchObject({
      type: 'webhook.test',
      data: { webhookId: id },
    });
    answer = 500;
    const failed = await sendTest(id);
    answer = 204;
    expect(failed.result).toMatchObject({ ok: false, responseStatus: 500, error: 'The receiver answered 500' });
  });

  it('each test message appears in the endpoint’s delivery log: status, latency, bodies; a refused one with its reason', async () => {
    const { id } = (await call(a, 'admin', 'POST', '/webhooks', { url })).json();
    const ok = await sendTest(id);
    answer = 500;
    const broken = await sendTest(id);
    answer = 204;
    const log = await call(a, 'admin', 'GET', `/webhooks/${id}/deliveries`);
    expect(log.statusCode).toBe(200);
    const items = ZWebhookDeliveryListResponse.parse(log.json()).items;
    // Newest first: the 500, then the 204.
    expect(items.map((d) => d.id)).toEqual([broken.result.deliveryId, ok.result.deliveryId]);
    expect(items[1]).toMatchObject({
      eventType: 'webhook.test',
      status: 'succeeded',
      attempts: 1,
      responseStatus: 204,
      latencyMs: ok.result.latencyMs,
      requestBody: ok.hit.body,
      error: null,
      nextAttemptAt: null,
    });
    // The log's message id is the one the receiver got (it de-duplicates by it).
    expect(items[1].messageId).toBe(ok.hit.headers['webhook-id']);
    expect(items[0]).toMatchObject({
      eventType: 'webhook.test',
      status: 'failed',
      responseStatus: 500,
      requestBody: broken.hit.body,
      error: 'The receiver answered 500',
      nextAttemptAt: null,
    });
    // A test is never retried and never counts towards switching the endpoint off.
    const jobs = await rows<{ n: number }>(
      app.ctx.db,
      sql`SELECT count(*)::int AS n FROM jobs WHERE tenant_id = ${a.tenantId} AND kind LIKE 'webhooks.%'`,
    );
    expect(jobs[0].n).toBe(0);
    expect((await call(a, 'admin', 'GET', `/webhooks/${id}`)).json().consecutiveFailures).toBe(0);

    // A destination the SSRF rules refuse: nothing is sent, and the log says why.
    const refused = (await call(a, 'admin', 'POST', '/webhooks', { url: 'http://10.0.0.1/hook' })).json();
    const before = received.length;
    const res = await call(a, 'admin', 'POST', `/webhooks/${refused.id}/test`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: false, responseStatus: null });
    expect(received).toHaveLength(before);
    const refusedLog = ZWebhookDeliveryListResponse.parse(
      (await call(a, 'admin', 'GET', `/webhooks/${refused.id}/deliveries`)).json(),
    ).items;
    expect(refusedLog).toHaveLength(1);
    expect(refusedLog[0]).toMatchObject({ status: 'failed', responseStatus: null, responseBody: null });
    expect(refusedLog[0].error).toMatch(/private address/);
    // Another tenant sees neither the endpoint nor its log.
    expect((await call(b, 'admin', 'GET', `/webhooks/${id}/deliveries`)).statusCode).toBe(404);
    expect((await call(b, 'admin', 'POST', `/webhooks/${id}/test`)).statusCode).toBe(404);
  });

  it('rotation: during the overlap both secrets verify; with no overlap only the new one does', async () => {
    const { id, secret: first } = (await call(a, 'admin', 'POST', '/webhooks', { url })).json();
    const rotated = await call(a, 'admin', 'POST', `/webhooks/${id}/rotate-secret`, { overlapHours: 24 });
    expect(rotated.statusCode).toBe(200);
    const second = rotated.json().secret;
    expect(second).not.toBe(first);
    expect(rotated.json().previousSecretExpiresAt).not.toBeNull();
    const during = await sendTest(id);
    expect(String(during.hit.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const s of [first, second])
      expect(() => new Webhook(s).verify(during.hit.body, headersOf(during.hit.headers))).not.toThrow();

    const third = (await call(a, 'admin', 'POST', `/webhooks/${id}/rotate-secret`, { overlapHours: 0 })).json();
    expect(third.previousSecretExpiresAt).toBeNull();
    const after = await sendTest(id);
    expect(String(after.hit.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() => new Webhook(third.secret).verify(after.hit.body, headersOf(after.hit.headers))).not.toThrow();
    for (const s of [first, second])
      expect(() => new Webhook(s).verify(after.hit.body, headersOf(after.hit.headers))).toThrow();
    // Secrets whose overlap ended are deleted at the next rotation: an overlap of 0 leaves only the new one.
    const kept = await rows<{ n: number }>(
      app.ctx.db,
      sql`SELECT count(*)::int AS n FROM webhook_secrets WHERE tenant_id = ${a.tenantId} AND endpoint_id = ${id}`,
    );
    expect(kept[0].n).toBe(1);
  });

  it('an endpoint in use by an alert rule cannot be deleted (409); once the rule is gone it can', async () => {
    const { id } = (await call(a, 'admin', 'POST', '/webhooks', { url })).json();
    const rule = await call(a, 'admin', 'POST', '/alert-rules', {
      kind: 'response',
      name: 'detractors to the data platform',
      condition: { expression: '{nps} <= 6' },
      actions: { notify: { inApp: false, webhookId: id } },
    });
    expect(rule.statusCode).toBe(201);
    expect((await call(a, 'admin', 'GET', `/webhooks/${id}`)).json().ruleCount).toBe(1);
    const refused = await call(a, 'admin', 'DELETE', `/webhooks/${id}`);
    expect(refused.statusCode).toBe(409);
    problem(refused);
    expect((await call(a, 'admin', 'DELETE', `/alert-rules/${rule.json().id}`)).statusCode).toBe(204);
    expect((await call(a, 'admin', 'DELETE', `/webhooks/${id}`)).statusCode).toBe(204);
    expect((await call(a, 'admin', 'GET', `/webhooks/${id}`)).statusCode).toBe(404);
  });

  it('only owners and admins manage endpoints; another tenant sees 404; bad input is a 4xx problem and stores nothing', async () => {
    const { id } = (await call(a, 'admin', 'POST', '/webhooks', { url })).json();
    for (const user of ['manager', 'storeManager', 'analyst', 'agent', 'viewer']) {
      expect((await call(a, user, 'GET', '/webhooks')).statusCode, user).toBe(403);
      expect((await call(a, user, 'POST', '/webhooks', { url })).statusCode, user).toBe(403);
      expect((await call(a, user, 'POST', `/webhooks/${id}/rotate-secret`, {})).statusCode, user).toBe(403);
    }
    for (const [method, path] of [
      ['GET', `/webhooks/${id}`],
      ['PATCH', `/webhooks/${id}`],
      ['DELETE', `/webhooks/${id}`],
      ['POST', `/webhooks/${id}/rotate-secret`],
      ['POST', `/webhooks/${id}/test`],
    ] as const) {
      const res = await call(
        b,
        'owner',
        method,
        path,
        method === 'PATCH' ? { enabled: false } : method === 'POST' ? {} : undefined,
      );
      expect(res.statusCode, `${method} ${path}`).toBe(404);
    }
    expect((await call(b, 'owner', 'GET', '/webhooks')).json().items).toEqual([]);
    const count = async () =>
      (
        await rows<{ n: number }>(
          app.ctx.db,
          sql`SELECT count(*)::int AS n FROM webhook_endpoints WHERE tenant_id = ${a.tenantId}`,
        )
      )[0].n;
    const before = await count();
    for (const payload of [
      {},
      { url: 42 },
      { url: 'x'.repeat(3000) },
      { url, extra: true },
      { url, orgUnitId: randomUUID() },
      { url, orgUnitId: b.units.HQ.id },
      { url, description: 'x'.repeat(501) },
    ]) {
      const res = await call(a, 'admin', 'POST', '/webhooks', payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      problem(res);
    }
    for (const overlapHours of [-1, 169, 1.5, '24']) {
      const res = await call(a, 'admin', 'POST', `/webhooks/${id}/rotate-secret`, { overlapHours });
      expect(res.statusCode, String(overlapHours)).toBe(422);
    }
    expect(await count()).toBe(before);
  });

  it('a switched-off endpoint receives nothing: its alert notification is marked failed, not retried', async () => {
    const { id } = (await call(a, 'admin', 'POST', '/webhooks', { url })).json();
    expect((await call(a, 'admin', 'PATCH', `/webhooks/${id}`, { enabled: false })).json().enabled).toBe(false);
    const { notifyMany } = await import('../alerts/commands/notify.ts');
    const { runDueJobs } = await import('../../platform/jobs.ts');
    const before = received.length;
    await app.ctx.db.transaction((tx) =>
      notifyMany(tx, app.ctx, [{ tenantId: a.tenantId, subject: 'Low score', body: 'NPS 2', data: {}, webhookId: id }]),
    );
    while ((await runDueJobs(app.ctx, ['webhook.deliver'], { tenantIds: [a.tenantId] })) > 0);
    expect(received.length).toBe(before);
    const n = await rows<{ status: string; recipient: string }>(
      app.ctx.db,
      sql`SELECT status, recipient FROM notifications WHERE tenant_id = ${a.tenantId} AND webhook_id = ${id}`,
    );
    expect(n).toEqual([{ status: 'failed', recipient: url }]);
  });
});
