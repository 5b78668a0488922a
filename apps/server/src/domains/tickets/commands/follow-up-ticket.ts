import type { Actor } from '../../../platform/auth.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Executor, sql } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { emitTicketClosed } from '../../events/commands/emit-ticket-closed.ts';
import { getTicket } from '../queries/get-ticket.ts';
import { raisePriority, type TPriority } from '../sla.ts';
import { recordTicketEvent } from './record-event.ts';

export const FOLLOWUP_OUTCOMES = ['confirmed', 'not_confirmed', 'unreachable'] as const;

/**
 * Records the customer follow-up on a resolved ticket (Chinese ticket practice: 回访). Confirmed → closed;
 * not confirmed → reopened with raised priority; unreachable → stays resolved, the attempt is on record.
 */
export async function followUpTicket(
  tx: Executor,
  clock: Clock,
  actor: Actor,
  id: string,
  input: { outcome: (typeof FOLLOWUP_OUTCOMES)[number]; note?: string },
) {
  const t = await getTicket(tx, actor, id, { forUpdate: true });
  if (t.status !== 'resolved')
    throw new AppError('conflict', 'Follow up with the customer after the ticket is resolved');
  const now = clock.now().toISOString();
  const to = input.outcome === 'confirmed' ? 'closed' : input.outcome === 'not_confirmed' ? 'reopened' : 'resolved';
  const priority = to === 'reopened' ? raisePriority(t.priority as TPriority) : (t.priority as TPriority);
  await tx.execute(
    sql`UPDATE tickets SET status = ${to}, followup_outcome = ${input.outcome}, updated_at = ${now}, priority = ${priority},
          status_changed_at = CASE WHEN status = ${to} THEN status_changed_at ELSE ${now}::timestamptz END,
          closed_at = CASE WHEN ${to} = 'closed' THEN ${now}::timestamptz ELSE closed_at END,
          resolved_at = CASE WHEN ${to} = 'reopened' THEN NULL ELSE resolved_at END,
          reopen_count = reopen_count + CASE WHEN ${to} = 'reopened' THEN 1 ELSE 0 END
        WHERE tenant_id = ${actor.tenantId} AND id = ${t.id}`,
  );
  await recordTicketEvent(tx, {
    tenantId: actor.tenantId,
    ticketId: t.id,
    kind: 'followup',
    actorId: actor.id,
    from: 'resolved',
    to: to === 'resolved' ? null : to,
    data: { outcome: input.outcome, note: input.note, priority },
    at: clock.now(),
  });
  if (to === 'closed') await emitTicketClosed(tx, actor.tenantId, t.id, clock.now());
  return getTicket(tx, actor, t.id);
}
