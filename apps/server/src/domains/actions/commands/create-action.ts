import { randomUUID } from 'node:crypto';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { one, sql, type Tx } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { getOrgUnit } from '../../org/queries/get-org-unit.ts';
import { getTicket } from '../../tickets/queries/get-ticket.ts';

/** A new improvement action as the API takes it (defaults already applied). */
export interface CreateActionOptions {
  title: string;
  description?: string;
  ownerId?: string;
  rootCauseId?: string;
  ticketIds: string[];
  orgUnitIds: string[];
  metric: string;
  startDate: string;
  status: string;
}

const uuidArray = (xs: string[]) =>
  sql`ARRAY[${sql.join(
    xs.map((x) => sql`${x}::uuid`),
    sql`, `,
  )}]::uuid[]`;

/**
 * Creates an action over units and tickets the caller can see (404 otherwise); the owner and root cause must be
 * the tenant's (422). The owner defaults to the caller. Returns the id.
 */
export async function createAction(tx: Tx, actor: Actor, b: CreateActionOptions): Promise<string> {
  const id = randomUUID();
  for (const unitId of b.orgUnitIds) await getOrgUnit(tx, actor, unitId);
  for (const ticketId of b.ticketIds) await getTicket(tx, actor, ticketId);
  if (b.ownerId && !(await one(tx, sql`SELECT 1 FROM users WHERE tenant_id = ${actor.tenantId} AND id = ${b.ownerId}`)))
    throw invalid('ownerId', 'no such user');
  if (
    b.rootCauseId &&
    !(await one(tx, sql`SELECT 1 FROM root_causes WHERE tenant_id = ${actor.tenantId} AND id = ${b.rootCauseId}`))
  )
    throw invalid('rootCauseId', 'no such root cause');
  await tx.execute(
    sql`INSERT INTO improvement_actions (tenant_id, id, title, description, owner_id, root_cause_id, ticket_ids, org_unit_ids, metric, start_date, status)
      VALUES (${actor.tenantId}, ${id}, ${b.title}, ${b.description ?? null}, ${b.ownerId ?? actor.id}, ${b.rootCauseId ?? null},
              ${b.ticketIds.length ? uuidArray(b.ticketIds) : sql`'{}'::uuid[]`}, ${uuidArray(b.orgUnitIds)}, ${b.metric}, ${b.startDate}, ${b.status})`,
  );
  await audit(tx, actor, 'action.create', 'improvement_action', id, { title: b.title });
  return id;
}
