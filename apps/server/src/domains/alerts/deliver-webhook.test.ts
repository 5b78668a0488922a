import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, sql } from '../../platform/db.ts';
import { runDueJobs } from '../../platform/jobs.ts';
import { createTestApp, createTestTenant, type TestApp, type TestTenant } from '../../testing/harness.ts';
import { evaluateResponseRules } from './commands/evaluate-response-rules.ts';

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
let hookSecret: string;

const listen = (s: Server, host: string) =>
  new Promise<number>((resolve) => s.listen(0, host, () => resolve((s.address() as AddressInfo).port)));

async function createEndpoint(url: string) {
  const res = await app.app.inject({
    method: 'POST',
    url: '/api/v1/webhooks',
    headers: a.as('admin'),
    payload: { url },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; secret: string };
}

async function createRule(name: string, expression: string, webhookId: string) {
  return app.app.inject({
    method: 'POST',
    url: '/api/v1/alert-rules',
    headers: a.as('admin'),
    payload: { kind: 'response', name, condition: { expression }, actions: { notify: { inApp: false, webhookId } } },
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
  const hook = await createEndpoint(hookUrl);
  hookSecret = hook.secret;
  expect((await createRule('贬损者 webhook', '{nps} <= 2', hook.id)).statusCode).toBe(201);
  expect((await createRule('内网 webhook', '{nps} = 5', (await createEndpoint(internalUrl)).id)).statusCode).toBe(201);
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
  it('an allow-listed receiver gets an alert.fired message the stock Standard Webhooks library verifies with the endpoint secret', async () => {
    await respond(1);
    while ((await runDueJobs(app.ctx, ['webhook.deliver'], { tenantIds: [a.tenantId] })) > 0);
    expect(received).toHaveLength(1);
    const hit = received[0];
    expect(hit.url).toBe('/loopcx');
    expect(hit.headers['content-type']).toBe('application/json');
    const verified = new Webhook(hookSecret).verify(hit.body, {
      'webhook-id': String(hit.headers['webhook-id']),
      'webhook-timestamp': String(hit.headers['webhook-timestamp']),
      'webhook-signature': String(hit.headers['webhook-signature']),
    });
    expect(verified).toMatchObject({
      type: 'alert.fired',
      data: { subject: expect.stringContaining('贬损者 webhook'), ruleId: expect.any(String) },
    });
    // Not signed with the instance master secret any more, nor with another endpoint's secret.
    expect(hit.headers['x-loopcx-signature']).toBeUndefined();
    expect(() =>
      new Webhook(`whsec_${Buffer.from('test-secret-not-for-production').toString('base64')}`).verify(hit.body, {
        'webhook-id': String(hit.headers['webhook-id']),
        'webhook-timestamp': String(hit.headers['webhook-timestamp']),
        'webhook-signature': String(hit.headers['webhook-signature']),
      }),
    ).toThrow();
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
    for (const url of ['ftp://hooks.example/x', 'javascript:alert(1)', 'https://user:pw@hooks.example/x']) {
      const res = await app.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks',
        headers: a.as('admin'),
        payload: { url },
      });
      expect(res.statusCode, url).toBe(422);
      expect(res.json().invalidParams.map((p: { name: string }) => p.name)).toEqual(['url']);
    }
    const endpoint = await createEndpoint('https://hooks.example/x');
    const res = await app.app.inject({
      method: 'PATCH',
      url: `/api/v1/webhooks/${endpoint.id}`,
      headers: a.as('admin'),
      payload: { url: 'file:///etc/passwd' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().invalidParams.map((p: { name: string }) => p.name)).toEqual(['url']);
  });

  it('a rule naming a webhook that is not an endpoint of this organisation is a 422 naming the field', async () => {
    for (const webhookId of [randomUUID(), 'not-a-uuid']) {
      const res = await createRule('bad', '{nps} <= 6', webhookId);
      expect(res.statusCode, webhookId).toBe(422);
      expect(res.json().invalidParams.map((p: { name: string }) => p.name)).toEqual(['actions.notify.webhookId']);
    }
  });
});
