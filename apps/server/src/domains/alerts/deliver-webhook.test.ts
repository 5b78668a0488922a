import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, sql } from '../../platform/db.ts';
import { runDueJobs } from '../../platform/jobs.ts';
import { createTestApp, createTestTenant, type TestApp, type TestTenant } from '../../testing/harness.ts';
import { evaluateResponseRules } from './commands/evaluate-response-rules.ts';
import { signWebhook } from './commands/notify.ts';

// Two receivers on loopback: one the operator allowed (127.0.0.1/32), one internal service that is not (127.0.0.2).
const received: Array<{ url: string; headers: IncomingHttpHeaders; body: string }> = [];
const leaked: string[] = [];
const hooks = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => {
    body += d;
  });
  req.on('end', () => {
    received.push({ url: req.url ?? '', headers: req.headers, body });
    res.end('ok');
  });
});
const internal = createServer((req, res) => {
  leaked.push(req.url ?? '');
  res.end('secret');
});

let app: TestApp;
let a: TestTenant;
let surveyId: string;
let versionId: string;
let hookUrl: string;
let internalUrl: string;

const listen = (s: Server, host: string) =>
  new Promise<number>((resolve) => s.listen(0, host, () => resolve((s.address() as AddressInfo).port)));

async function createRule(name: string, expression: string, webhookUrl: string) {
  return app.app.inject({
    method: 'POST',
    url: '/api/v1/alert-rules',
    headers: a.as('admin'),
    payload: { kind: 'response', name, condition: { expression }, actions: { notify: { inApp: false, webhookUrl } } },
  });
}

beforeAll(async () => {
  hookUrl = `http://127.0.0.1:${await listen(hooks, '127.0.0.1')}/loopcx`;
  internalUrl = `http://127.0.0.2:${await listen(internal, '127.0.0.2')}/admin`;
  // Webhooks to loopback are refused unless the operator allows them: this suite's receiver is allowed explicitly.
  app = await createTestApp({ config: { outboundAllow: ['127.0.0.1/32'] } });
  a = await createTestTenant(app.ctx);
  surveyId = randomUUID();
  versionId = randomUUID();
  const def = { elements: [{ type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 }] };
  await app.ctx.db.execute(
    sql`INSERT INTO surveys (tenant_id, id, name, status, definition, bindings) VALUES (${a.tenantId}, ${surveyId}, '就餐满意度', 'live', ${JSON.stringify(def)}::jsonb, '{"nps":"nps"}'::jsonb)`,
  );
  await app.ctx.db.execute(
    sql`INSERT INTO survey_versions (tenant_id, id, survey_id, version, definition, bindings) VALUES (${a.tenantId}, ${versionId}, ${surveyId}, 1, ${JSON.stringify(def)}::jsonb, '{"nps":"nps"}'::jsonb)`,
  );
  expect((await createRule('贬损者 webhook', '{nps} <= 2', hookUrl)).statusCode).toBe(201);
  expect((await createRule('内网 webhook', '{nps} = 5', internalUrl)).statusCode).toBe(201);
});

afterAll(async () => {
  await app?.close();
  await Promise.all([hooks, internal].map((s) => new Promise((resolve) => s.close(resolve))));
});

async function respond(nps: number) {
  const id = randomUUID();
  await app.ctx.db.execute(
    sql`INSERT INTO responses (tenant_id, id, survey_id, survey_version_id, org_unit_id, answers, scores, idempotency_key, body_hash, submitted_at)
        VALUES (${a.tenantId}, ${id}, ${surveyId}, ${versionId}, ${a.units.S1.id}, ${JSON.stringify({ nps })}::jsonb, ${JSON.stringify({ nps })}::jsonb, ${id}, 'h', now())`,
  );
  await evaluateResponseRules(app.ctx, a.tenantId, [id]);
}

const webhooks = async () =>
  (await app.app.inject({ method: 'GET', url: '/api/v1/notifications?channel=webhook', headers: a.as('admin') })).json()
    .items as Array<{ recipient: string; status: string }>;

describe('alert webhooks through the guarded client', () => {
  it('an allow-listed receiver gets the signed POST and the notification is marked sent', async () => {
    await respond(1);
    while ((await runDueJobs(app.ctx, ['webhook.deliver'], { tenantIds: [a.tenantId] })) > 0);
    expect(received).toHaveLength(1);
    const hit = received[0];
    expect(hit.url).toBe('/loopcx');
    expect(hit.headers['content-type']).toBe('application/json');
    expect(JSON.parse(hit.body)).toMatchObject({ type: 'alert', subject: expect.stringContaining('贬损者 webhook') });
    const t = Number(/^t=(\d+),/.exec(String(hit.headers['x-loopcx-signature']))?.[1]);
    expect(hit.headers['x-loopcx-signature']).toBe(
      signWebhook('test-secret-not-for-production', hit.body, new Date(t * 1000)),
    );
    expect(await webhooks()).toEqual([expect.objectContaining({ recipient: hookUrl, status: 'sent' })]);
  });

  it('an internal address not on the allow-list is refused: nothing arrives, the job keeps the reason', async () => {
    await respond(5);
    await runDueJobs(app.ctx, ['webhook.deliver'], { tenantIds: [a.tenantId] });
    expect(leaked).toEqual([]);
    const pending = (await webhooks()).filter((n) => n.recipient === internalUrl);
    expect(pending).toEqual([expect.objectContaining({ status: 'pending' })]);
    const job = await one<{ err: string }>(
      app.ctx.db,
      sql`SELECT last_error AS err FROM jobs WHERE kind = 'webhook.deliver' AND tenant_id = ${a.tenantId}`,
    );
    expect(job?.err).toMatch(/^Outbound request refused: http:\/\/127\.0\.0\.2:\d+ is a loopback address/);
    // The path (which may carry a receiver's token) is not written into the error.
    expect(job?.err).not.toContain('/admin');
  });

  it('a webhook URL that is not http(s) or carries credentials is a 422 naming the field, on create and update', async () => {
    for (const webhookUrl of ['ftp://hooks.example/x', 'javascript:alert(1)', 'https://user:pw@hooks.example/x']) {
      const res = await createRule('bad', '{nps} <= 6', webhookUrl);
      expect(res.statusCode, webhookUrl).toBe(422);
      expect(res.json().invalidParams.map((p: { name: string }) => p.name)).toEqual(['actions.notify.webhookUrl']);
    }
    const rule = (await createRule('ok', '{nps} <= 6', 'https://hooks.example/x')).json();
    const res = await app.app.inject({
      method: 'PATCH',
      url: `/api/v1/alert-rules/${rule.id}`,
      headers: a.as('admin'),
      payload: { actions: { notify: { webhookUrl: 'file:///etc/passwd' } } },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().invalidParams.map((p: { name: string }) => p.name)).toEqual(['actions.notify.webhookUrl']);
  });
});
