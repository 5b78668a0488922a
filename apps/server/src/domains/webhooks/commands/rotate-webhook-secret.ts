import { randomUUID } from 'node:crypto';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { getWebhook } from '../queries/get-webhook.ts';
import { newWebhookSecret } from '../sign.ts';

/**
 * Gives an endpoint a new secret (returned once). The current one keeps signing beside it for `overlapHours`, so the
 * receiver can switch without losing a delivery; an older one still in its overlap ends no later than that (overlap
 * 0 cuts every previous secret at once), and secrets whose overlap has ended (or ends now) are deleted here.
 */
export async function rotateWebhookSecret(tx: Tx, actor: Actor, id: string, overlapHours: number): Promise<string> {
  const w = await getWebhook(tx, actor, id);
  await tx.execute(
    sql`UPDATE webhook_secrets
          SET expires_at = least(coalesce(expires_at, 'infinity'), now() + make_interval(hours => ${overlapHours}::int))
        WHERE tenant_id = ${actor.tenantId} AND endpoint_id = ${w.id} AND (expires_at IS NULL OR expires_at > now())`,
  );
  await tx.execute(
    sql`DELETE FROM webhook_secrets WHERE tenant_id = ${actor.tenantId} AND endpoint_id = ${w.id} AND expires_at <= now()`,
  );
  const secret = newWebhookSecret();
  await tx.execute(
    sql`INSERT INTO webhook_secrets (tenant_id, endpoint_id, id, secret) VALUES (${actor.tenantId}, ${w.id}, ${randomUUID()}, ${secret})`,
  );
  await tx.execute(
    sql`UPDATE webhook_endpoints SET updated_at = now() WHERE tenant_id = ${actor.tenantId} AND id = ${w.id}`,
  );
  await audit(tx, actor, 'webhook.rotate_secret', 'webhook', w.id, { overlapHours });
  return secret;
}
