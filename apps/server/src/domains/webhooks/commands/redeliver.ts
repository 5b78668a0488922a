import { randomUUID } from 'node:crypto';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { conflict } from '../../../platform/errors.ts';
import { enqueue } from '../../../platform/jobs.ts';
import { webhookSendJob } from '../jobs.ts';
import { getWebhook } from '../queries/get-webhook.ts';
import { getDelivery } from '../queries/list-deliveries.ts';

/**
 * Manual redelivery: a new delivery of the same event to the same endpoint (the same `webhook-id`, so a receiver
 * that already has it can drop it), with its own attempts and a fresh 24-hour retry window. The endpoint must be on
 * (409 otherwise: switch it on first). Returns the new delivery's id; the send job is in the caller's transaction.
 */
export async function redeliver(tx: Tx, actor: Actor, endpointId: string, deliveryId: string) {
  const w = await getWebhook(tx, actor, endpointId);
  const d = await getDelivery(tx, actor.tenantId, w.id, deliveryId);
  if (!w.enabled) throw conflict('The endpoint is switched off: switch it on before redelivering', 'enabled');
  const id = randomUUID();
  await tx.execute(
    sql`INSERT INTO webhook_deliveries (tenant_id, id, endpoint_id, event_id, status, redelivery_of, next_attempt_at)
        VALUES (${actor.tenantId}, ${id}, ${w.id}, ${d.eventId}, 'pending', ${d.id}, now())`,
  );
  await enqueue(tx, webhookSendJob, [{ deliveryIds: [id] }], { tenantId: actor.tenantId });
  await audit(tx, actor, 'webhook.redeliver', 'webhook', w.id, { deliveryId: d.id, eventType: d.eventType });
  return id;
}
