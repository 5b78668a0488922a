import type { Actor } from '../../../platform/auth.ts';
import { type Db, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';

/**
 * Marks one of the caller's own notifications read (the first time counts). Another tenant's or another user's
 * notification id is a 404, like a missing one: the recipient is the boundary.
 */
export async function markNotificationRead(db: Db, actor: Actor, id: string): Promise<void> {
  const hit = await rows(
    db,
    sql`UPDATE notifications SET read_at = coalesce(read_at, now())
        WHERE tenant_id = ${actor.tenantId} AND id = ${id} AND recipient = ${actor.id} RETURNING id`,
  );
  if (!hit.length) throw notFound('Notification');
}
