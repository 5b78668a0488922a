import type { AppContext } from '../../../platform/context.ts';
import { rows, sql } from '../../../platform/db.ts';

/** One delivery report, whatever the provider: which send it is about and what became of it. */
export interface Receipt {
  /** The invitation id (webhook gateway, or the SMS `out_id` = sendKey up to its `.n`). */
  invitationId?: string;
  /** The provider's message id (WeChat MsgID), matched against the invitation's provider_id. */
  providerId?: string;
  delivered: boolean;
  /** The provider's error when not delivered. */
  error?: string;
  at?: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Applies delivery reports of one channel: `sent` → `delivered` (delivered_at = the report's time), or `sent` →
 * `failed` with the provider's error. Only invitations of that channel and tenant, and only from `sent`: a report
 * arriving twice, late (after a response: the presented status stays "completed", which reads the link's own
 * timestamps), or about another channel's invitation changes nothing. Returns how many rows changed.
 */
export async function recordReceipts(
  ctx: AppContext,
  channel: { tenant_id: string; id: string },
  receipts: Receipt[],
): Promise<number> {
  const list = receipts
    .filter((r) => (r.invitationId && UUID.test(r.invitationId)) || r.providerId)
    .slice(0, 1000)
    .map((r) => ({
      i: r.invitationId && UUID.test(r.invitationId) ? r.invitationId : null,
      p: r.invitationId ? null : (r.providerId ?? null),
      d: r.delivered,
      e: r.delivered ? null : (r.error ?? 'not delivered').slice(0, 500),
      t: (r.at && !Number.isNaN(r.at.getTime()) ? r.at : ctx.clock.now()).toISOString(),
    }));
  if (!list.length) return 0;
  let n = 0;
  // By invitation id (primary key), then by provider message id (invitations_provider_idx): two plans, no OR.
  for (const [part, match] of [
    [list.filter((x) => x.i), sql`i.id = x.i`],
    [list.filter((x) => !x.i), sql`i.provider_id = x.p`],
  ] as const) {
    if (!part.length) continue;
    const changed = await rows<{ id: string }>(
      ctx.db,
      sql`UPDATE invitations i SET
            status = CASE WHEN x.d THEN 'delivered' ELSE 'failed' END,
            delivered_at = CASE WHEN x.d THEN x.t ELSE i.delivered_at END,
            failed_at = CASE WHEN x.d THEN i.failed_at ELSE x.t END,
            error = CASE WHEN x.d THEN i.error ELSE x.e END,
            reminder_due_at = CASE WHEN x.d THEN i.reminder_due_at ELSE NULL END
          FROM jsonb_to_recordset(${JSON.stringify(part)}::jsonb) AS x(i uuid, p text, d boolean, e text, t timestamptz)
          WHERE i.tenant_id = ${channel.tenant_id} AND i.channel_id = ${channel.id} AND i.status = 'sent' AND ${match}
          RETURNING i.id`,
    );
    n += changed.length;
  }
  return n;
}
