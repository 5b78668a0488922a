import type { SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/auth.ts';
import { sql } from '../../platform/db.ts';
import { pathUnder } from '../org/scope.ts';

/**
 * The ticket scope builder. A ticket id alone is not a boundary: every query joins the ticket's org unit and
 * filters the tenant and the caller's subtree. Agents additionally see only tickets assigned to them or to a
 * team they belong to. `t` is the tickets alias, `o` its org unit.
 */
export function ticketScope(actor: Actor): SQL {
  const base = ticketUnitScope(actor);
  if (actor.role !== 'agent') return base;
  return sql`${base} AND (t.assignee_id = ${actor.id} OR t.team_id IN (SELECT team_id FROM team_members WHERE tenant_id = ${actor.tenantId} AND user_id = ${actor.id}))`;
}

/**
 * Tickets (`t`) of the caller's tenant whose unit (`o`) lies in the caller's subtree, whoever they are assigned
 * to: reports count the whole subtree's work, agents included.
 */
export function ticketUnitScope(actor: Actor): SQL {
  return sql`t.tenant_id = ${actor.tenantId} AND ${pathUnder('o', actor.orgPath)}`;
}

/**
 * `descendantPath` (an SQL expression yielding a materialised path) lies under the unit aliased `ancestor`: the
 * unit itself or one of its descendants. Routing walks up from a ticket's unit to the managers and team members
 * whose scope covers it, so the ancestor is the column here, not a bound prefix.
 */
export function pathBelowUnit(descendantPath: SQL, ancestor: string): SQL {
  return sql`${descendantPath} LIKE ${sql.raw(ancestor)}.path || '%'`;
}

/** Tickets with their unit (`o`, the scope join) and their root cause (`rc`, shown on closed tickets). */
export const TICKET_FROM = sql`tickets t JOIN org_units o ON o.tenant_id = t.tenant_id AND o.id = t.org_unit_id
  LEFT JOIN root_causes rc ON rc.tenant_id = t.tenant_id AND rc.id = t.root_cause_id`;
