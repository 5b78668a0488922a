import type { Actor } from '../../../platform/auth.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Executor, sql } from '../../../platform/db.ts';
import { getTicket } from '../queries/get-ticket.ts';
import { recordTicketEvent } from './record-event.ts';

/** Adds a comment to a ticket in scope; the first comment counts as the first response (SLA). */
export async function commentTicket(tx: Executor, clock: Clock, actor: Actor, id: string, body: string) {
  const t = await getTicket(tx, actor, id, { forUpdate: true });
  const now = clock.now();
  await recordTicketEvent(tx, {
    tenantId: actor.tenantId,
    ticketId: t.id,
    kind: 'comment',
    actorId: actor.id,
    data: { body },
    at: now,
  });
  await tx.execute(
    sql`UPDATE tickets SET first_responded_at = coalesce(first_responded_at, ${now.toISOString()}::timestamptz), updated_at = ${now.toISOString()} WHERE tenant_id = ${actor.tenantId} AND id = ${t.id}`,
  );
}
