import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, sql } from '../../platform/db.ts';
import { runDueJobs } from '../../platform/jobs.ts';
import { createTestApp, createTestTenant, type TestApp, type TestTenant } from '../../testing/harness.ts';
import { closeMailTransports } from './commands/deliver-email.ts';
import { evaluateResponseRules } from './commands/evaluate-response-rules.ts';

// A real SMTP server in the test process: what loopcx hands to SMTP is what a mail server receives.
const received: Array<{ from: string; to: string[]; raw: string }> = [];
let reject = false;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, session, callback) {
    let raw = '';
    stream.on('data', (d) => {
      raw += d;
    });
    stream.on('end', () => {
      if (reject) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      received.push({
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((r) => r.address),
        raw,
      });
      callback();
    });
  },
});

let app: TestApp;
let a: TestTenant;
let surveyId: string;
let versionId: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  app = await createTestApp({
    config: { smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: 'loopcx <alerts@savor.example>' },
  });
  a = await createTestTenant(app.ctx);
  surveyId = randomUUID();
  versionId = randomUUID();
  const def = {
    elements: [
      { type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 },
      { type: 'comment', name: 'why' },
    ],
  };
  await app.ctx.db.execute(
    sql`INSERT INTO surveys (tenant_id, id, name, status, definition, bindings) VALUES (${a.tenantId}, ${surveyId}, '就餐满意度', 'live', ${JSON.stringify(def)}::jsonb, '{"nps":"nps"}'::jsonb)`,
  );
  await app.ctx.db.execute(
    sql`INSERT INTO survey_versions (tenant_id, id, survey_id, version, definition, bindings) VALUES (${a.tenantId}, ${versionId}, ${surveyId}, 1, ${JSON.stringify(def)}::jsonb, '{"nps":"nps"}'::jsonb)`,
  );
  const rule = await app.app.inject({
    method: 'POST',
    url: '/api/v1/alert-rules',
    headers: a.as('admin'),
    payload: {
      kind: 'response',
      name: '贬损者预警',
      condition: { expression: '{nps} <= 6' },
      actions: { notify: { emails: ['cx@savor.example', 'sh01@savor.example'] } },
    },
  });
  expect(rule.statusCode).toBe(201);
});

afterAll(async () => {
  closeMailTransports();
  await app?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

async function detractor(why: string) {
  const id = randomUUID();
  await app.ctx.db.execute(
    sql`INSERT INTO responses (tenant_id, id, survey_id, survey_version_id, org_unit_id, answers, scores, idempotency_key, body_hash, submitted_at)
        VALUES (${a.tenantId}, ${id}, ${surveyId}, ${versionId}, ${a.units.S1.id}, ${JSON.stringify({ nps: 2, why })}::jsonb, '{"nps":2}'::jsonb, ${id}, 'h', now())`,
  );
  await evaluateResponseRules(app.ctx, a.tenantId, [id]);
}

const statuses = async () =>
  (await app.app.inject({ method: 'GET', url: '/api/v1/notifications?channel=email', headers: a.as('admin') }))
    .json()
    .items.map((n: { status: string }) => n.status);

describe('alert emails through SMTP', () => {
  it('with SMTP_URL set, an alert email reaches the SMTP server once per recipient and is marked sent', async () => {
    await detractor('上菜太慢了');
    // The rule's two addresses, and the store manager the ticket is routed to (email is on for alerts by default).
    expect(await statuses()).toEqual(['pending', 'pending', 'pending']);
    while ((await runDueJobs(app.ctx, undefined, { tenantIds: [a.tenantId] })) > 0);
    expect(received.map((m) => m.to[0]).sort()).toEqual(
      ['cx@savor.example', 'sh01@savor.example', a.users.storeManager.email].sort(),
    );
    expect(received[0].from).toBe('alerts@savor.example');
    expect(received[0].raw).toMatch(/^Subject: /m);
    // Readable HTML with a plain-text alternative, never JSON.
    for (const m of received) {
      expect(m.raw).toMatch(/Content-Type: multipart\/alternative/i);
      expect(m.raw).toMatch(/Content-Type: text\/html/i);
      expect(m.raw).toMatch(/Content-Type: text\/plain/i);
    }
    expect(await statuses()).toEqual(['sent', 'sent', 'sent']);
    // Re-running the delivery jobs sends nothing twice.
    while ((await runDueJobs(app.ctx, undefined, { tenantIds: [a.tenantId] })) > 0);
    expect(received).toHaveLength(3);
  });

  it('a refused message stays pending and its job is retried later, not lost', async () => {
    reject = true;
    received.length = 0;
    await detractor('服务态度差');
    await runDueJobs(app.ctx, undefined, { tenantIds: [a.tenantId] });
    const pending = (await statuses()).filter((s: string) => s === 'pending');
    expect(pending).toHaveLength(3);
    const job = await one<{ n: number; err: string | null }>(
      app.ctx.db,
      sql`SELECT count(*)::int AS n, max(last_error) AS err FROM jobs WHERE kind = 'email.deliver' AND tenant_id = ${a.tenantId}`,
    );
    expect(job?.n).toBe(2);
    expect(job?.err).toMatch(/mailbox unavailable|550/);
    reject = false;
    await app.ctx.db.execute(
      sql`UPDATE jobs SET run_at = now() WHERE kind IN ('email.deliver', 'notifications.email') AND tenant_id = ${a.tenantId}`,
    );
    while ((await runDueJobs(app.ctx, undefined, { tenantIds: [a.tenantId] })) > 0);
    expect(received).toHaveLength(3);
    expect((await statuses()).filter((s: string) => s === 'pending')).toHaveLength(0);
  });
});
