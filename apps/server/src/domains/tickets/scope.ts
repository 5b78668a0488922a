import type { SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/auth.ts';
import { sql } from '../../platform/db.ts';
import { likePrefix } from '../org/scope.ts';

/**
 * The ticket scope builder. A ticket id alone is not a boundary: every query joins the ticket's org unit and
 * filters the tenant and the caller's subtree. Agents additionally see only tickets assigned to them or to a
 * team they belong to. `t` is the tickets alias, `o` its org unit.
 */
export function ticketScope(actor: Actor): SQL {
  const base = sql`t.tenant_id = ${actor.tenantId} AND o.path LIKE ${likePrefix(actor.orgPath)}`;
  if (actor.role !== 'agent') return base;
  return sql`${base} AND (t.assignee_id = ${actor.id} OR t.team_id IN (SELECT team_id FROM team_members WHERE tenant_id = ${actor.tenantId} AND user_id = ${actor.id}))`;
}

export const TICKET_FROM = sql`tickets t JOIN org_units o ON o.tenant_id = t.tenant_id AND o.id = t.org_unit_id`;
