import type { AppContext } from '../../../platform/context.ts';
import { sql } from '../../../platform/db.ts';

/** Records the first time a personalised link was opened (later opens keep the first time). */
export async function markInvitationOpened(ctx: AppContext, tenantId: string, invitationId: string) {
  await ctx.db.execute(
    sql`UPDATE invitations SET opened_at = coalesce(opened_at, now()) WHERE tenant_id = ${tenantId} AND id = ${invitationId}`,
  );
}
