import type { Actor } from '../../../platform/auth.ts';
import { rows, sql, type Tx } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { orgScope } from '../../org/scope.ts';

/** Replaces a team's members; each must be a user of the tenant inside the caller's scope (422 names the first that is not). */
export async function setTeamMembers(tx: Tx, actor: Actor, teamId: string, userIds: string[]): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length) {
    // Members must be users of this tenant inside the caller's scope.
    const found = await rows<{ id: string }>(
      tx,
      sql`SELECT u.id FROM users u JOIN org_units o ON o.tenant_id = u.tenant_id AND o.id = u.org_unit_id
          WHERE ${orgScope(actor)} AND u.id IN (${sql.join(
            unique.map((id) => sql`${id}`),
            sql`, `,
          )})`,
    );
    const ok = new Set(found.map((f) => f.id));
    const missing = unique.findIndex((id) => !ok.has(id));
    if (missing >= 0) throw invalid(`memberIds.${userIds.indexOf(unique[missing])}`, 'no such user in your scope');
  }
  await tx.execute(sql`DELETE FROM team_members WHERE tenant_id = ${actor.tenantId} AND team_id = ${teamId}`);
  for (const uid of unique) {
    await tx.execute(
      sql`INSERT INTO team_members (tenant_id, team_id, user_id) VALUES (${actor.tenantId}, ${teamId}, ${uid})`,
    );
  }
}
