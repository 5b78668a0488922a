import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { getAlertRule } from '../queries/get-alert-rule.ts';

/** Deletes a rule of the caller's tenant (404 otherwise). */
export async function deleteAlertRule(tx: Tx, actor: Actor, id: string): Promise<void> {
  await getAlertRule(tx, actor, id);
  await tx.execute(sql`DELETE FROM alert_rules WHERE tenant_id = ${actor.tenantId} AND id = ${id}`);
  await audit(tx, actor, 'alert_rule.delete', 'alert_rule', id);
}
