import { randomUUID } from 'node:crypto';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { one, sql, type Tx } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { pathWithin, requireUnitInScope } from '../../org/scope.ts';
import { getTicket } from '../../tickets/queries/get-ticket.ts';
import { addTasks, type NewTask } from './add-tasks.ts';
import { recordProblemEvent } from './record-event.ts';

/** A new problem as the API takes it. */
export interface CreateProblemOptions {
  title: string;
  description?: string;
  ticketIds: string[];
  tasks: NewTask[];
  rootCauseId?: string;
  ownerId?: string;
  /** The unit the problem belongs to (default: the caller's unit). */
  orgUnitId?: string;
  sourceTopic?: string;
  sourceMetric?: { metric: string; orgUnitId: string; period: string };
}

const uuidArray = (xs: string[]) =>
  xs.length
    ? sql`ARRAY[${sql.join(
        xs.map((x) => sql`${x}::uuid`),
        sql`, `,
      )}]::uuid[]`
    : sql`'{}'::uuid[]`;

/**
 * Opens a problem with its tasks. Tickets, the problem's unit, the metric's unit and task units must be in the
 * caller's scope (404), teams and the root cause the tenant's; the owner must be an active user who may manage
 * problems and whose subtree holds the problem's unit (422), and defaults to the caller (an API key must name one).
 * The source follows from what is given: tickets, a metric drop, a topic, else manual. Returns the id.
 */
export async function createProblem(tx: Tx, actor: Actor, b: CreateProblemOptions, at: Date): Promise<string> {
  const unit = await requireUnitInScope(tx, actor, b.orgUnitId ?? actor.orgUnitId);
  for (const ticketId of new Set(b.ticketIds)) await getTicket(tx, actor, ticketId);
  if (b.sourceMetric) await requireUnitInScope(tx, actor, b.sourceMetric.orgUnitId);
  const ownerId = b.ownerId ?? (actor.kind === 'user' ? actor.id : undefined);
  if (!ownerId) throw invalid('ownerId', 'an API key must name the problem owner');
  const owner = await one<{ role: string; path: string }>(
    tx,
    sql`SELECT u.role, o.path FROM users u JOIN org_units o ON o.tenant_id = u.tenant_id AND o.id = u.org_unit_id
        WHERE u.tenant_id = ${actor.tenantId} AND u.id = ${ownerId} AND u.status = 'active'`,
  );
  if (!owner || !['owner', 'admin', 'analyst', 'manager'].includes(owner.role) || !pathWithin(unit.path, owner.path))
    throw invalid('ownerId', 'no such user who may own a problem of this unit');
  if (
    b.rootCauseId &&
    !(await one(tx, sql`SELECT 1 FROM root_causes WHERE tenant_id = ${actor.tenantId} AND id = ${b.rootCauseId}`))
  )
    throw invalid('rootCauseId', 'no such root cause');
  const source = b.ticketIds.length ? 'tickets' : b.sourceMetric ? 'metric' : b.sourceTopic ? 'topic' : 'manual';
  const id = randomUUID();
  // Numbers are per tenant and have no gaps: problems opened at once take their numbers in turn (the lock lasts
  // to commit), so both succeed instead of one failing on the unique key.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`problems:${actor.tenantId}`}))`);
  await tx.execute(
    sql`INSERT INTO problems (tenant_id, id, number, title, description, org_unit_id, owner_id, root_cause_id, source,
          source_topic, source_metric, ticket_ids, created_by, created_at, updated_at)
        VALUES (${actor.tenantId}, ${id},
          (SELECT coalesce(max(number), 0) + 1 FROM problems WHERE tenant_id = ${actor.tenantId}),
          ${b.title}, ${b.description ?? null}, ${unit.id}, ${ownerId}, ${b.rootCauseId ?? null}, ${source},
          ${b.sourceTopic ?? null}, ${b.sourceMetric ? JSON.stringify(b.sourceMetric) : null}::jsonb,
          ${uuidArray([...new Set(b.ticketIds)])}, ${actor.kind === 'user' ? actor.id : null}, ${at.toISOString()}, ${at.toISOString()})`,
  );
  await recordProblemEvent(tx, {
    tenantId: actor.tenantId,
    problemId: id,
    kind: 'created',
    actorId: actor.kind === 'user' ? actor.id : null,
    data: { source, tickets: b.ticketIds.length },
    at,
  });
  await addTasks(tx, actor, id, b.tasks, at);
  await audit(tx, actor, 'problem.create', 'problem', id, { title: b.title, tasks: b.tasks.length });
  return id;
}
