import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { orgScope } from '../../org/scope.ts';
import type { RobotRow } from '../commands/send-robot.ts';
import type { RobotListRow } from '../presenter.ts';

const COLUMNS = sql`r.id, r.name, r.provider, r.org_unit_id, r.webhook_hint, r.secret_sealed IS NOT NULL AS has_secret,
  r.kinds, r.enabled, r.last_status, r.last_sent_at, r.created_at, r.updated_at`;

/** The robots of units in the caller's subtree. */
export function listRobots(ex: Executor, actor: Actor): Promise<RobotListRow[]> {
  return rows<RobotListRow>(
    ex,
    sql`SELECT ${COLUMNS} FROM notification_robots r
        JOIN org_units o ON o.tenant_id = r.tenant_id AND o.id = r.org_unit_id
        WHERE r.tenant_id = ${actor.tenantId} AND ${orgScope(actor)} ORDER BY o.path, r.name, r.id`,
  );
}

/** One robot of a unit in the caller's subtree (with its sealed columns, for sending); else a 404. */
export async function getRobot(ex: Executor, actor: Actor, id: string): Promise<RobotListRow & RobotRow> {
  const r = await one<RobotListRow & RobotRow>(
    ex,
    sql`SELECT ${COLUMNS}, r.webhook_sealed, r.secret_sealed FROM notification_robots r
        JOIN org_units o ON o.tenant_id = r.tenant_id AND o.id = r.org_unit_id
        WHERE r.tenant_id = ${actor.tenantId} AND r.id = ${id} AND ${orgScope(actor)}`,
  );
  if (!r) throw notFound('Robot');
  return r;
}
