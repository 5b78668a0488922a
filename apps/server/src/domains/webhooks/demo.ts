import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql, type Tx } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { webhookBody } from './commands/send-deliveries.ts';
import { newWebhookSecret } from './sign.ts';

/**
 * The demo's webhook endpoint: the chain's data platform, at HQ, subscribed to responses, tickets and alerts, and
 * switched off (the demo has no receiver, and nothing may call the example URL). Its secret was rotated a week
 * ago, so the page shows a secret's age; its delivery log holds a week of history written here directly (events
 * already dispatched, so no job runs): deliveries that succeeded first time, some that succeeded after retries, a
 * few given up after 24 hours of 503s, and one manual redelivery.
 */
export async function seedWebhooks(ctx: AppContext, demo: DemoTenant) {
  if (await one(ctx.db, sql`SELECT 1 FROM webhook_endpoints WHERE tenant_id = ${demo.tenantId}`)) return;
  const id = randomUUID();
  const owner = demo.users.get('owner@savor.example') ?? null;
  const now = ctx.clock.now().getTime();
  const created = new Date(now - 60 * 86400_000).toISOString();
  const rotated = new Date(now - 7 * 86400_000).toISOString();
  const events = ['response.created', 'ticket.created', 'ticket.closed', 'alert.fired'];
  await ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`INSERT INTO webhook_endpoints (tenant_id, id, url, description, org_unit_id, enabled, created_by, created_at, updated_at, events)
          VALUES (${demo.tenantId}, ${id}, 'https://data.savor.example/loopcx/webhooks', '集团数据平台 Data platform',
                  ${demo.rootId}, false, ${owner}, ${created}, ${rotated},
                  ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(events)}::jsonb)))`,
    );
    await tx.execute(
      sql`INSERT INTO webhook_secrets (tenant_id, endpoint_id, id, secret, created_at)
          VALUES (${demo.tenantId}, ${id}, ${randomUUID()}, ${newWebhookSecret()}, ${rotated})`,
    );
    await seedDeliveryHistory(tx, demo, id, now);
  });
}

/** A week of `response.created` deliveries to the endpoint, built from the demo's own latest responses. */
async function seedDeliveryHistory(tx: Tx, demo: DemoTenant, endpointId: string, now: number) {
  const latest = await rows<{
    id: string;
    survey_id: string;
    org_unit_id: string | null;
    answers: unknown;
    scores: unknown;
    submitted_at: Date | string;
  }>(
    tx,
    sql`SELECT id, survey_id, org_unit_id, answers, scores, submitted_at FROM responses
        WHERE tenant_id = ${demo.tenantId} ORDER BY submitted_at DESC LIMIT 60`,
  );
  const eventRows: Array<Record<string, unknown>> = [];
  const deliveryRows: Array<Record<string, unknown>> = [];
  latest.forEach((r, i) => {
    // Spread over the last 7 days, oldest first, so the log reads like a week of traffic.
    const at = now - Math.round(((i + 1) / latest.length) * 7 * 86400_000);
    const eventId = randomUUID();
    const data = {
      id: r.id,
      surveyId: r.survey_id,
      orgUnitId: r.org_unit_id,
      answers: r.answers,
      scores: r.scores,
      submittedAt: new Date(r.submitted_at).toISOString(),
    };
    eventRows.push({ id: eventId, obj: r.id, unit: r.org_unit_id, survey: r.survey_id, data, at: iso(at) });
    const body = webhookBody('response.created', new Date(at), data, 1000 + latest.length - i).slice(0, 4096);
    const latency = 35 + ((i * 37) % 240);
    const base = { event: eventId, req: body, at: iso(at), redo: null as string | null };
    if (i % 13 === 5) {
      // 24 hours of 503s: given up after 12 attempts.
      const deliveryId = randomUUID();
      deliveryRows.push({
        ...base,
        id: deliveryId,
        status: 'failed',
        attempts: 12,
        rs: 503,
        lat: 31,
        res: 'Service Unavailable',
        err: 'the receiver answered 503',
        last: iso(at + 23.5 * 3600_000),
      });
      // The owner redelivered it once the data platform was back.
      if (i === 5)
        deliveryRows.push({
          ...base,
          id: randomUUID(),
          status: 'succeeded',
          attempts: 1,
          rs: 200,
          lat: latency,
          res: '{"ok":true}',
          err: null,
          at: iso(at + 26 * 3600_000),
          last: iso(at + 26 * 3600_000 + latency),
          redo: deliveryId,
        });
    } else if (i % 7 === 3)
      // Failed at first (a timeout, a 502), then accepted on a retry.
      deliveryRows.push({
        ...base,
        id: randomUUID(),
        status: 'succeeded',
        attempts: 2 + (i % 2),
        rs: 200,
        lat: latency,
        res: '{"ok":true}',
        err: null,
        last: iso(at + 45_000 + latency),
      });
    else
      deliveryRows.push({
        ...base,
        id: randomUUID(),
        status: 'succeeded',
        attempts: 1,
        rs: i % 5 === 0 ? 204 : 200,
        lat: latency,
        res: i % 5 === 0 ? '' : '{"ok":true}',
        err: null,
        last: iso(at + latency),
      });
  });
  if (eventRows.length === 0) return;
  // Written as already dispatched: the fan-out trigger writes no job for them.
  await tx.execute(
    sql`INSERT INTO webhook_events (tenant_id, id, type, object_id, org_unit_id, survey_id, data, dedupe_key, dispatched_at, created_at)
        SELECT ${demo.tenantId}, x.id, 'response.created', x.obj, x.unit, x.survey, x.data, 'response.created:' || x.obj, x.at, x.at
        FROM jsonb_to_recordset(${JSON.stringify(eventRows)}::jsonb) AS x(id uuid, obj uuid, unit uuid, survey uuid, data jsonb, at timestamptz)`,
  );
  await tx.execute(
    sql`INSERT INTO webhook_deliveries (tenant_id, id, endpoint_id, event_id, status, attempts, response_status, latency_ms,
          request_body, response_body, error, redelivery_of, last_attempt_at, created_at)
        SELECT ${demo.tenantId}, x.id, ${endpointId}, x.event, x.status, x.attempts, x.rs, x.lat, x.req, x.res, x.err, x.redo, x.last, x.at
        FROM jsonb_to_recordset(${JSON.stringify(deliveryRows)}::jsonb) AS x(id uuid, event uuid, status text, attempts int,
             rs int, lat int, req text, res text, err text, redo uuid, last timestamptz, at timestamptz)`,
  );
}

const iso = (ms: number) => new Date(ms).toISOString();
