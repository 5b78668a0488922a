import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { getWebhook } from '../queries/get-webhook.ts';
import type { TWebhookUpdate } from '../schema.ts';

/** Changes an endpoint's URL, description or state (the secret stays: rotate it to change it). */
export async function updateWebhook(tx: Tx, actor: Actor, id: string, body: TWebhookUpdate): Promise<void> {
  const w = await getWebhook(tx, actor, id);
  await tx.execute(
    sql`UPDATE webhook_endpoints SET url = ${body.url ?? w.url}, description = ${body.description ?? w.description},
          enabled = ${body.enabled ?? w.enabled}, updated_at = now()
        WHERE tenant_id = ${actor.tenantId} AND id = ${w.id}`,
  );
  await audit(tx, actor, 'webhook.update', 'webhook', w.id, {
    ...(body.url ? { origin: new URL(body.url).origin } : {}),
    ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
  });
}
