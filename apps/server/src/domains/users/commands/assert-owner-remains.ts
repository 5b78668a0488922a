import type { Actor } from '../../../platform/auth.ts';
import { one, sql, type Tx } from '../../../platform/db.ts';
import { conflict } from '../../../platform/errors.ts';

/** The tenant must keep at least one active owner: 409 when `exceptUserId` is the last one. */
export async function assertOwnerRemains(tx: Tx, actor: Actor, exceptUserId: string): Promise<void> {
  const other = await one(
    tx,
    sql`SELECT 1 FROM users WHERE tenant_id = ${actor.tenantId} AND role = 'owner' AND status = 'active' AND id <> ${exceptUserId}`,
  );
  if (!other) throw conflict('The organisation must keep at least one active owner');
}
