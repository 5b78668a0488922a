import { TICKET_STATUSES } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { AppError, invalid } from '../../../platform/errors.ts';
import { getTicket } from '../queries/get-ticket.ts';
import { raisePriority, type TPriority } from '../sla.ts';
import { recordTicketEvent } from './record-event.ts';

export const STATUSES = TICKET_STATUSES;
export type TStatus = (typeof STATUSES)[number];

/** Allowed moves. `closed` is reached only through a confirmed customer follow-up (see follow-up-ticket.ts). */
const NEXT: Record<TStatus, TStatus[]> = {
  new: ['acknowledged', 'in_progress', 'resolved'],
  acknowledged: ['in_progress', 'resolved'],
  in_progress: ['resolved'],
  resolved: ['reopened'],
  closed: ['reopened'],
  reopened: ['acknowledged', 'in_progress', 'resolved'],
};

export interface TransitionInput {
  to: TStatus;
  rootCause?: string;
  resolution?: string;
  comment?: string;
}

/** Resolves a root cause given as id or code inside the tenant's taxonomy. */
async function rootCauseId(tx: Executor, tenantId: string, value: string): Promise<string> {
  const isUuid = /^[0-9a-f-]{36}$/i.test(value);
  const rc = await one<{ id: string }>(
    tx,
    isUuid
      ? sql`SELECT id FROM root_causes WHERE tenant_id = ${tenantId} AND id = ${value} AND status = 'active'`
      : sql`SELECT id FROM root_causes WHERE tenant_id = ${tenantId} AND code = ${value} AND status = 'active'`,
  );
  if (!rc) throw invalid('rootCause', 'no such root cause in your taxonomy');
  return rc.id;
}

/**
 * Moves a ticket along its workflow. Resolving requires a root cause from the tenant taxonomy (422 otherwise);
 * the first move out of `new` stamps the first response; reopening counts and raises the priority.
 */
export async function transitionTicket(tx: Executor, clock: Clock, actor: Actor, id: string, input: TransitionInput) {
  const t = await getTicket(tx, actor, id, { forUpdate: true });
  const from = t.status as TStatus;
  if (input.to === 'closed') {
    throw new AppError(
      'invalid',
      'A ticket closes only when the customer confirms: record the follow-up with POST /tickets/:id/followup',
      {
        invalidParams: [{ name: 'to', reason: 'closed is reached through a confirmed follow-up' }],
      },
    );
  }
  if (!NEXT[from].includes(input.to)) throw new AppError('conflict', `A ${from} ticket cannot move to ${input.to}`);
  const now = clock.now();
  let rc: string | null = t.root_cause_id;
  if (input.to === 'resolved') {
    if (!input.rootCause) throw invalid('rootCause', 'a root cause is required to resolve a ticket');
    rc = await rootCauseId(tx, actor.tenantId, input.rootCause);
  }
  const reopening = input.to === 'reopened';
  const priority = reopening ? raisePriority(t.priority as TPriority) : (t.priority as TPriority);
  await tx.execute(
    sql`UPDATE tickets SET status = ${input.to}, status_changed_at = ${now.toISOString()}, updated_at = ${now.toISOString()},
          first_responded_at = coalesce(first_responded_at, ${from === 'new' ? now.toISOString() : null}::timestamptz),
          root_cause_id = ${rc}, resolution = coalesce(${input.resolution ?? null}, resolution),
          resolved_at = ${input.to === 'resolved' ? now.toISOString() : reopening ? null : t.resolved_at ? new Date(t.resolved_at).toISOString() : null}::timestamptz,
          closed_at = ${reopening ? null : t.closed_at ? new Date(t.closed_at).toISOString() : null}::timestamptz,
          reopen_count = reopen_count + ${reopening ? 1 : 0}, priority = ${priority}
        WHERE tenant_id = ${actor.tenantId} AND id = ${t.id}`,
  );
  await recordTicketEvent(tx, {
    tenantId: actor.tenantId,
    ticketId: t.id,
    kind: 'status',
    actorId: actor.id,
    from,
    to: input.to,
    data: {
      rootCauseId: input.to === 'resolved' ? rc : undefined,
      resolution: input.resolution,
      comment: input.comment,
      priority: reopening ? priority : undefined,
    },
    at: now,
  });
  return getTicket(tx, actor, t.id);
}
