import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { TEAM_COLUMNS, type TeamRow } from '../presenter.ts';

/** Teams are functional owners (客服部, 品控部): tenant-wide, so the tenant is the boundary; 404 otherwise. */
export async function getTeam(ex: Executor, actor: Actor, id: string): Promise<TeamRow> {
  const t = await one<TeamRow>(
    ex,
    sql`SELECT ${TEAM_COLUMNS} FROM teams t WHERE t.tenant_id = ${actor.tenantId} AND t.id = ${id}`,
  );
  if (!t) throw notFound('Team');
  return t;
}

/** True when the tenant has a team named `name` (names are unique per tenant). */
export async function teamNameTaken(ex: Executor, actor: Actor, name: string): Promise<boolean> {
  return !!(await one(ex, sql`SELECT 1 FROM teams WHERE tenant_id = ${actor.tenantId} AND name = ${name}`));
}
