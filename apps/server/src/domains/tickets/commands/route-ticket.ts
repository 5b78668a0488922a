import { type Executor, one, sql } from '../../../platform/db.ts';

/**
 * The manager responsible for a unit: a manager assigned to the unit itself, else to the nearest ancestor.
 * `skip` levels up first (0 = the unit's own manager, 1 = the parent unit's manager: the two-level loop).
 */
export async function findUnitManager(ex: Executor, tenantId: string, orgUnitId: string, skip = 0): Promise<string | null> {
  const unit = await one<{ path: string }>(ex, sql`SELECT path FROM org_units WHERE tenant_id = ${tenantId} AND id = ${orgUnitId}`);
  if (!unit) return null;
  // Ancestors from nearest to farthest, via the materialised path.
  const ids = unit.path.split('/').filter(Boolean).reverse();
  let found = 0;
  for (const id of ids) {
    const m = await one<{ id: string }>(
      ex,
      sql`SELECT id FROM users WHERE tenant_id = ${tenantId} AND org_unit_id = ${id} AND role = 'manager' AND status = 'active' ORDER BY created_at, id LIMIT 1`,
    );
    if (m) {
      if (found === skip) return m.id;
      found++;
    }
  }
  return null;
}

/**
 * Round-robin inside a team: among active members whose scope covers the ticket's unit (they must be able to
 * see it), the one with the fewest open tickets (ties by id, so it rotates).
 */
export async function pickTeamMember(ex: Executor, tenantId: string, teamId: string, orgUnitId: string): Promise<string | null> {
  const m = await one<{ user_id: string }>(
    ex,
    sql`SELECT m.user_id FROM team_members m JOIN users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id AND u.status = 'active'
        JOIN org_units uo ON uo.tenant_id = u.tenant_id AND uo.id = u.org_unit_id
        WHERE m.tenant_id = ${tenantId} AND m.team_id = ${teamId}
          AND (SELECT path FROM org_units WHERE tenant_id = ${tenantId} AND id = ${orgUnitId}) LIKE uo.path || '%'
        ORDER BY (SELECT count(*) FROM tickets t WHERE t.tenant_id = m.tenant_id AND t.assignee_id = m.user_id AND t.status NOT IN ('resolved','closed')), m.user_id
        LIMIT 1`,
  );
  return m?.user_id ?? null;
}

/** The owning team of a touchpoint, if any. */
export async function touchpointOwnerTeam(ex: Executor, tenantId: string, touchpointId: string | null | undefined): Promise<string | null> {
  if (!touchpointId) return null;
  const tp = await one<{ owner_team_id: string | null }>(ex, sql`SELECT owner_team_id FROM touchpoints WHERE tenant_id = ${tenantId} AND id = ${touchpointId}`);
  return tp?.owner_team_id ?? null;
}
