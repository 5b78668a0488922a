import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { enqueue } from '../../../platform/jobs.ts';
import { reachSendJob } from '../jobs.ts';
import { getInvitation } from '../queries/invitations.ts';

/**
 * Sends an invitation again through its channel: a failed one (fresh attempts), or one sent but not answered.
 * Never to a customer who opted out, never after a response or expiry, never a suppressed one (the policy said
 * no). The resend is a new send (its own idempotency key `<id>.<n>`), so a receiver does not drop it as a duplicate.
 */
export async function resendInvitation(tx: Executor, actor: Actor, now: Date, id: string): Promise<void> {
  const inv = await getInvitation(tx, actor, now, id);
  if (!inv.channel_id)
    throw new AppError('conflict', 'This invitation is a link minted by API: it has no channel to send through');
  if (inv.view_status === 'completed') throw new AppError('conflict', 'The customer already answered');
  if (inv.view_status === 'expired') throw new AppError('conflict', 'The invitation has expired');
  if (inv.status === 'suppressed') throw new AppError('conflict', `The invitation was suppressed (${inv.reason})`);
  if (inv.status === 'scheduled') throw new AppError('conflict', 'The invitation is already waiting to be sent');
  const out = await one<{ opted_out_at: Date | string | null }>(
    tx,
    sql`SELECT opted_out_at FROM customers WHERE tenant_id = ${actor.tenantId} AND id = ${inv.customer_id} FOR UPDATE`,
  );
  if (out?.opted_out_at) throw new AppError('conflict', 'The customer opted out of invitations');
  await tx.execute(
    sql`UPDATE invitations SET status = 'scheduled', send_at = ${now.toISOString()}::timestamptz, attempts = 0, error = NULL,
          failed_at = NULL, lease_until = NULL
        WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  await enqueue(tx, reachSendJob, [{ invitationIds: [id] }], { tenantId: actor.tenantId });
  await audit(tx, actor, 'invitation.resend', 'invitation', id, { from: inv.view_status });
}
