import type { Actor } from '../../../platform/auth.ts';
import { type Db, sql } from '../../../platform/db.ts';

/** Marks one of the caller's own notifications read (the first time counts); anyone else's id changes nothing. */
export async function markNotificationRead(db: Db, actor: Actor, id: string): Promise<void> {
  await db.execute(
    sql`UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE tenant_id = ${actor.tenantId} AND id = ${id} AND recipient = ${actor.id}`,
  );
}
