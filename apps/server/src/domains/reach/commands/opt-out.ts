import type { AppContext } from '../../../platform/context.ts';
import { one, sql } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { verifyUnsubscribeToken } from '../tokens.ts';

/**
 * Records a customer's opt-out from an invitation's signed unsubscribe link, at once: the profile's `opted_out_at`
 * (kept from the first time), and every invitation of theirs still waiting to be sent becomes suppressed
 * (`opted_out`). Evaluation and sends lock or re-read the profile, so nothing is sent after this commits.
 * Forged tokens are 404; repeating is harmless.
 */
export async function optOut(ctx: AppContext, token: string): Promise<{ tenantId: string }> {
  const claims = verifyUnsubscribeToken(ctx.config.secret, token);
  if (!claims) throw new AppError('not_found', 'This unsubscribe link is not valid');
  const now = ctx.clock.now().toISOString();
  return ctx.db.transaction(async (tx) => {
    const inv = await one<{ customer_id: string | null }>(
      tx,
      sql`SELECT customer_id FROM invitations WHERE tenant_id = ${claims.tenantId} AND id = ${claims.invitationId}`,
    );
    if (!inv?.customer_id) throw new AppError('not_found', 'This unsubscribe link is not valid');
    await tx.execute(
      sql`UPDATE customers SET opted_out_at = coalesce(opted_out_at, ${now}::timestamptz), updated_at = ${now}::timestamptz
          WHERE tenant_id = ${claims.tenantId} AND id = ${inv.customer_id}`,
    );
    await tx.execute(
      sql`UPDATE invitations SET status = 'suppressed', reason = 'opted_out'
          WHERE tenant_id = ${claims.tenantId} AND customer_id = ${inv.customer_id} AND status = 'scheduled'`,
    );
    await tx.execute(
      sql`UPDATE invitations SET reminder_due_at = NULL
          WHERE tenant_id = ${claims.tenantId} AND customer_id = ${inv.customer_id} AND reminder_due_at IS NOT NULL AND reminded_at IS NULL`,
    );
    return { tenantId: claims.tenantId };
  });
}
