import type { AppContext } from '../../../platform/context.ts';
import { sql } from '../../../platform/db.ts';

/** Records the first answer on a personalised link (the funnel's "started"); later calls keep the first time. */
export async function markInvitationStarted(ctx: AppContext, tenantId: string, invitationId: string) {
  const now = ctx.clock.now().toISOString();
  await ctx.db.execute(
    sql`UPDATE invitations SET started_at = coalesce(started_at, ${now}::timestamptz), opened_at = coalesce(opened_at, ${now}::timestamptz)
        WHERE tenant_id = ${tenantId} AND id = ${invitationId}`,
  );
}
