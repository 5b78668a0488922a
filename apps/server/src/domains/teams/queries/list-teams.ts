import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { TEAM_COLUMNS, type TeamRow } from '../presenter.ts';

/** Every team of the caller's tenant, by name. */
export function listTeams(ex: Executor, actor: Actor): Promise<TeamRow[]> {
  return rows<TeamRow>(
    ex,
    sql`SELECT ${TEAM_COLUMNS} FROM teams t WHERE t.tenant_id = ${actor.tenantId} ORDER BY t.name`,
  );
}
