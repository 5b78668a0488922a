import { randomUUID } from 'node:crypto';
import type { TWebhookTestResponse } from '@loopcx/shared';
import type { AppContext } from '../../../platform/context.ts';
import { sql } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { outboundRequest } from '../../../platform/outbound.ts';
import type { DeliveryTarget } from '../queries/delivery-target.ts';
import { standardWebhookHeaders } from '../sign.ts';
import { REQUEST_BODY_KEPT, RESPONSE_BODY_KEPT } from './send-deliveries.ts';

/**
 * "Send test event": POSTs a signed `webhook.test` message to the endpoint now (through the guarded client, 10 s,
 * whether or not the endpoint is switched on) and writes it into the endpoint's delivery log like any delivery —
 * an event of type `webhook.test` (already dispatched, so the fan-out never sends it again) and one delivery with
 * the status, latency and trimmed bodies — so the log shows what the receiver made of it. A test never retries and
 * never counts towards switching the endpoint off. No transaction is open while the receiver is waited for.
 */
export async function sendTestMessage(
  ctx: AppContext,
  tenantId: string,
  endpoint: { id: string; orgUnitId: string },
  target: DeliveryTarget,
): Promise<TWebhookTestResponse> {
  const eventId = randomUUID();
  const at = ctx.clock.now();
  const data = {
    webhookId: endpoint.id,
    message: 'A test message from loopcx: your endpoint receives and verifies webhooks.',
  };
  const body = JSON.stringify({ type: 'webhook.test', timestamp: at.toISOString(), data });
  const started = performance.now();
  let status: number | null = null;
  let answered: string | null = null;
  let error: string | null = null;
  try {
    const response = await outboundRequest(ctx, target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'loopcx-webhooks',
        ...standardWebhookHeaders(target.secrets, `msg_${eventId}`, at, body),
      },
      body,
      timeoutMs: 10_000,
      maxResponseBytes: RESPONSE_BODY_KEPT,
    });
    status = response.status;
    answered = response.body;
    if (status < 200 || status > 299) error = `The receiver answered ${status}`;
  } catch (err) {
    // Refusals and network failures name only the destination's origin; anything else is a bug.
    if (!(err instanceof AppError)) throw err;
    error = err.message;
  }
  const latencyMs = Math.round(performance.now() - started);
  const deliveryId = randomUUID();
  await ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`INSERT INTO webhook_events (tenant_id, id, type, org_unit_id, data, dispatched_at, created_at)
          VALUES (${tenantId}, ${eventId}, 'webhook.test', ${endpoint.orgUnitId}, ${JSON.stringify(data)}::jsonb, now(),
                  ${at.toISOString()}::timestamptz)`,
    );
    await tx.execute(
      sql`INSERT INTO webhook_deliveries (tenant_id, id, endpoint_id, event_id, status, attempts, response_status,
            latency_ms, request_body, response_body, error, last_attempt_at)
          VALUES (${tenantId}, ${deliveryId}, ${endpoint.id}, ${eventId}, ${error ? 'failed' : 'succeeded'}, 1, ${status},
                  ${latencyMs}, ${body.slice(0, REQUEST_BODY_KEPT)}, ${answered?.slice(0, RESPONSE_BODY_KEPT) ?? null},
                  ${error}, now())`,
    );
  });
  return { ok: !error, responseStatus: status, latencyMs, error, webhookId: endpoint.id, deliveryId };
}
