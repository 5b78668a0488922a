import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { unseal } from '../../../platform/seal.ts';
import { CONTACT_PHONE_SEAL } from '../../responses/contact.ts';
import { getTicket } from '../queries/get-ticket.ts';
import { recordTicketEvent } from './record-event.ts';

/**
 * Opens the sealed call-back number of a ticket for someone about to call the customer. Everyone who reads the
 * ticket sees the masked form; the full number needs `tickets.work` on the ticket (the route checks it) and each
 * opening is written to the audit log and the ticket's history, in the caller's transaction.
 */
export async function revealContactPhone(tx: Executor, clock: Clock, secret: string, actor: Actor, id: string) {
  const t = await getTicket(tx, actor, id);
  const row = await one<{ sealed: string | null }>(
    tx,
    sql`SELECT contact_phone_sealed AS sealed FROM tickets WHERE tenant_id = ${actor.tenantId} AND id = ${t.id}`,
  );
  if (!row?.sealed) throw notFound('Contact phone');
  const phone = unseal(secret, CONTACT_PHONE_SEAL, actor.tenantId, row.sealed);
  // Sealed under another LOOPCX_SECRET: the number is lost, like the phone hashes (README, configuration).
  if (!phone) throw new AppError('conflict', 'The phone number cannot be opened with this server’s secret');
  await audit(tx, actor, 'ticket.contact_phone.reveal', 'ticket', t.id);
  await recordTicketEvent(tx, {
    tenantId: actor.tenantId,
    ticketId: t.id,
    kind: 'phone_revealed',
    actorId: actor.id,
    at: clock.now(),
  });
  return phone;
}
