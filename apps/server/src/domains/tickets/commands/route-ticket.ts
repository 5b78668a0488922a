import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { pathBelowUnit } from '../scope.ts';

/**
 * The manager responsible for a unit: a manager assigned to the unit itself, else to the nearest ancestor.
 * `skip` levels up first (0 = the unit's own manager, 1 = the parent unit's manager: the two-level loop).
 */
export async function findUnitManager(
  ex: Executor,
  tenantId: string,
  orgUnitId: string,
  skip = 0,
): Promise<string | null> {
  // One query: active managers on the unit and its ancestors, nearest unit first (materialised path).
  const managers = await rows<{ id: string; org_unit_id: string }>(
    ex,
    sql`SELECT u.id, u.org_unit_id FROM users u
        JOIN org_units a ON a.tenant_id = u.tenant_id AND a.id = u.org_unit_id
        JOIN org_units o ON o.tenant_id = a.tenant_id AND o.id = ${orgUnitId} AND ${pathBelowUnit(sql`o.path`, 'a')}
        WHERE u.tenant_id = ${tenantId} AND u.role = 'manager' AND u.status = 'active'
        ORDER BY a.depth DESC, u.created_at, u.id`,
  );
  const units: string[] = [];
  for (const m of managers) {
    if (units.includes(m.org_unit_id)) continue;
    units.push(m.org_unit_id);
    if (units.length === skip + 1) return m.id;
  }
  return null;
}

/**
 * Round-robin inside a team: among active members whose scope covers the ticket's unit (they must be able to
 * see it), the one with the fewest open tickets (ties by id, so it rotates).
 */
export async function pickTeamMember(
  ex: Executor,
  tenantId: string,
  teamId: string,
  orgUnitId: string,
): Promise<string | null> {
  const m = await one<{ user_id: string }>(
    ex,
    sql`SELECT m.user_id FROM team_members m JOIN users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id AND u.status = 'active'
        JOIN org_units uo ON uo.tenant_id = u.tenant_id AND uo.id = u.org_unit_id
        WHERE m.tenant_id = ${tenantId} AND m.team_id = ${teamId}
          AND ${pathBelowUnit(sql`(SELECT path FROM org_units WHERE tenant_id = ${tenantId} AND id = ${orgUnitId})`, 'uo')}
        ORDER BY (SELECT count(*) FROM tickets t WHERE t.tenant_id = m.tenant_id AND t.assignee_id = m.user_id AND t.status NOT IN ('resolved','closed')), m.user_id
        LIMIT 1`,
  );
  return m?.user_id ?? null;
}

/** The owning team of a touchpoint, if any. */
export async function touchpointOwnerTeam(
  ex: Executor,
  tenantId: string,
  touchpointId: string | null | undefined,
): Promise<string | null> {
  if (!touchpointId) return null;
  const tp = await one<{ owner_team_id: string | null }>(
    ex,
    sql`SELECT owner_team_id FROM touchpoints WHERE tenant_id = ${tenantId} AND id = ${touchpointId}`,
  );
  return tp?.owner_team_id ?? null;
}
