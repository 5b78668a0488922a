import type { Actor } from '../../../platform/auth.ts';
import { rows, sql, type Tx } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';

/** Replaces a user's team memberships; each team must be the tenant's (422 names the first that is not). */
export async function setUserTeams(tx: Tx, actor: Actor, userId: string, teamIds: string[]): Promise<void> {
  const unique = [...new Set(teamIds)];
  if (unique.length) {
    const found = await rows<{ id: string }>(
      tx,
      sql`SELECT id FROM teams WHERE tenant_id = ${actor.tenantId} AND id IN (${sql.join(
        unique.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
    const ok = new Set(found.map((f) => f.id));
    const bad = teamIds.findIndex((id) => !ok.has(id));
    if (bad >= 0)
      throw new AppError('invalid', 'No such team', {
        invalidParams: [{ name: `teamIds.${bad}`, reason: 'no such team' }],
      });
  }
  await tx.execute(sql`DELETE FROM team_members WHERE tenant_id = ${actor.tenantId} AND user_id = ${userId}`);
  for (const tid of unique) {
    await tx.execute(
      sql`INSERT INTO team_members (tenant_id, team_id, user_id) VALUES (${actor.tenantId}, ${tid}, ${userId})`,
    );
  }
}
