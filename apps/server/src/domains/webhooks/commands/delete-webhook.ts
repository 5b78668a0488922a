import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { conflict } from '../../../platform/errors.ts';
import { getWebhook } from '../queries/get-webhook.ts';

/** Deletes an endpoint and its secrets; 409 while alert rules still deliver to it (change or delete them first). */
export async function deleteWebhook(tx: Tx, actor: Actor, id: string): Promise<void> {
  const w = await getWebhook(tx, actor, id);
  if (w.rule_count > 0)
    throw conflict(`${w.rule_count} alert rule(s) deliver to this webhook; point them elsewhere first`);
  await tx.execute(sql`DELETE FROM webhook_endpoints WHERE tenant_id = ${actor.tenantId} AND id = ${w.id}`);
  await audit(tx, actor, 'webhook.delete', 'webhook', w.id);
}
