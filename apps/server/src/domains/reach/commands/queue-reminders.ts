import type { AppContext } from '../../../platform/context.ts';
import { rows, sql } from '../../../platform/db.ts';
import { sendInvitations } from './send-invitations.ts';

/** Most invitations one sweep handles (the next sweep takes the rest). */
const BATCH = 500;

/**
 * The worker's periodic sweep (every node may run it; the send lease keeps two from sending one invitation):
 * - reminders that fell due: one per non-responder, never after a response, opt-out or expiry (sendInvitations
 *   checks each again right before sending);
 * - sends whose job was lost (parked after repeated database failures) five minutes past their time, so a
 *   decided invitation is never silently left unsent.
 */
export async function queueReminders(ctx: AppContext): Promise<void> {
  const now = ctx.clock.now();
  const due = await rows<{ tenant_id: string; id: string; reminder: boolean }>(
    ctx.db,
    sql`(SELECT tenant_id, id, true AS reminder FROM invitations
         WHERE reminder_due_at IS NOT NULL AND reminded_at IS NULL AND reminder_due_at <= ${now.toISOString()}::timestamptz
           AND responded_at IS NULL AND status IN ('sent', 'delivered')
         LIMIT ${BATCH})
        UNION ALL
        (SELECT tenant_id, id, false FROM invitations
         WHERE status = 'scheduled' AND send_at < ${new Date(now.getTime() - 5 * 60_000).toISOString()}::timestamptz
           AND (lease_until IS NULL OR lease_until < ${now.toISOString()}::timestamptz)
         LIMIT ${BATCH})`,
  );
  const groups = new Map<string, string[]>();
  for (const d of due) {
    const k = `${d.tenant_id}|${d.reminder}`;
    groups.set(k, [...(groups.get(k) ?? []), d.id]);
  }
  for (const [k, ids] of groups) {
    const [tenantId, reminder] = k.split('|');
    for (let i = 0; i < ids.length; i += 100)
      await sendInvitations(ctx, tenantId, ids.slice(i, i + 100), { reminder: reminder === 'true' });
  }
}
