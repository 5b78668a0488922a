import { type Executor, one, sql } from '../../../platform/db.ts';

/**
 * The origins that may frame an invitation's survey page because an intercept showed it there: the allowed origins
 * of the live SDK key whose page asked for it. Empty for every other invitation (a survey link sent by e-mail or
 * SMS gains no framer), and once the key is revoked. The tenant id is the boundary; the invitation id is its key.
 */
export async function interceptFrameOrigins(ex: Executor, tenantId: string, invitationId: string): Promise<string[]> {
  const row = await one<{ allowed_origins: string[] }>(
    ex,
    sql`SELECT k.allowed_origins FROM invitations i
        JOIN sdk_keys k ON k.tenant_id = i.tenant_id AND k.id = i.sdk_key_id AND k.revoked_at IS NULL
        WHERE i.tenant_id = ${tenantId} AND i.id = ${invitationId} AND i.intercept_id IS NOT NULL`,
  );
  return row?.allowed_origins ?? [];
}
