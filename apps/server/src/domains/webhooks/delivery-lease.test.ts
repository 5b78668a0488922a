import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import { enqueue, runDueJobs } from '../../platform/jobs.ts';
import { createTestApp, createTestTenant, type TestApp, type TestTenant } from '../../testing/harness.ts';
import { responsesCommittedJob } from '../responses/jobs.ts';
import { sendDeliveries } from './commands/send-deliveries.ts';

// A slow receiver on loopback: it answers only when the test lets it (a receiver taking 8 s a call, in the issue).
const hits: string[] = [];
let release!: () => void;
const released = new Promise<void>((resolve) => {
  release = resolve;
});
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    hits.push(String(req.headers['webhook-id']));
    void released.then(() => {
      res.statusCode = 204;
      res.end();
    });
  });
});

let app: TestApp;
let a: TestTenant;

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  app = await createTestApp({ config: { outboundAllow: ['127.0.0.1/32'] } });
  a = await createTestTenant(app.ctx);
});

afterAll(async () => {
  release();
  await app?.close();
  await new Promise((resolve) => receiver.close(resolve));
});

describe('webhook deliveries under a job run twice (issue 21, break 2)', () => {
  it('a second run of a send job while the first still waits for the receiver sends nothing again', async () => {
    const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const created = await app.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: a.as('admin'),
      payload: { url: `${base}/slow`, events: ['response.created'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const surveyId = randomUUID();
    const versionId = randomUUID();
    const def = { elements: [{ type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 }] };
    const responseId = randomUUID();
    await app.ctx.db.transaction(async (tx) => {
      await tx.execute(
        sql`INSERT INTO surveys (tenant_id, id, name, status, definition, bindings) VALUES (${a.tenantId}, ${surveyId}, 's', 'live', ${JSON.stringify(def)}::jsonb, '{"nps":"nps"}'::jsonb)`,
      );
      await tx.execute(
        sql`INSERT INTO survey_versions (tenant_id, id, survey_id, version, definition, bindings) VALUES (${a.tenantId}, ${versionId}, ${surveyId}, 1, ${JSON.stringify(def)}::jsonb, '{"nps":"nps"}'::jsonb)`,
      );
      await tx.execute(
        sql`INSERT INTO responses (tenant_id, id, survey_id, survey_version_id, org_unit_id, answers, scores, idempotency_key, body_hash, submitted_at)
            VALUES (${a.tenantId}, ${responseId}, ${surveyId}, ${versionId}, ${a.units.S1.id}, '{"nps":9}'::jsonb, '{"nps":9}'::jsonb, ${responseId}, 'h', now())`,
      );
      await enqueue(tx, responsesCommittedJob, [{ ids: [responseId] }], { tenantId: a.tenantId });
    });
    const kinds = ['responses.committed', 'webhooks.fanout'];
    while ((await runDueJobs(app.ctx, kinds, { tenantIds: [a.tenantId] })) > 0);
    const [send] = await rows<{ id: string; payload: { deliveryIds: string[] } }>(
      app.ctx.db,
      sql`SELECT id, payload FROM jobs WHERE tenant_id = ${a.tenantId} AND kind = 'webhooks.send'`,
    );
    expect(send.payload.deliveryIds).toHaveLength(1);
    const job = {
      id: Number(send.id),
      tenantId: a.tenantId,
      kind: 'webhooks.send',
      payload: send.payload,
      attempts: 1,
    };
    // The first run is waiting for the receiver; the same job runs again (its lease was lost, another worker took it).
    const first = sendDeliveries(app.ctx, job);
    await vi.waitFor(() => expect(hits).toHaveLength(1));
    await sendDeliveries(app.ctx, job);
    release();
    await first;
    expect(hits).toHaveLength(1);
    const [delivery] = await rows<{ status: string; attempts: number }>(
      app.ctx.db,
      sql`SELECT status, attempts FROM webhook_deliveries WHERE tenant_id = ${a.tenantId}`,
    );
    expect(delivery).toEqual({ status: 'succeeded', attempts: 1 });
    // The second run left a look-again job for when the lease ends: the delivery is settled by then, so it sends
    // nothing either.
    await app.ctx.db.execute(sql`DELETE FROM jobs WHERE id = ${send.id}`);
    await app.ctx.db.execute(
      sql`UPDATE jobs SET run_at = now() WHERE tenant_id = ${a.tenantId} AND kind = 'webhooks.send'`,
    );
    while ((await runDueJobs(app.ctx, ['webhooks.send'], { tenantIds: [a.tenantId] })) > 0);
    expect(hits).toHaveLength(1);
  });
});
