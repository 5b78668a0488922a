import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { getTeam } from '../queries/get-team.ts';

/** Deletes a team of the caller's tenant (404 otherwise); memberships go with it. */
export async function deleteTeam(tx: Tx, actor: Actor, id: string): Promise<void> {
  const t = await getTeam(tx, actor, id);
  await tx.execute(sql`DELETE FROM teams WHERE tenant_id = ${actor.tenantId} AND id = ${t.id}`);
  await audit(tx, actor, 'team.delete', 'team', t.id, { name: t.name });
}
