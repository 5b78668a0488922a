import type { Actor } from '../../../platform/auth.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';

/**
 * Marks one of the caller's own in-app notifications read (the first time counts). Another tenant's or another
 * user's notification id is a 404, like a missing one: the recipient is the boundary.
 */
export async function markRead(ex: Executor, clock: Clock, actor: Actor, id: string): Promise<void> {
  const hit = await rows(
    ex,
    sql`UPDATE notifications SET read_at = coalesce(read_at, ${clock.now().toISOString()}::timestamptz)
        WHERE tenant_id = ${actor.tenantId} AND id = ${id} AND channel = 'in_app' AND recipient = ${actor.id} RETURNING id`,
  );
  if (!hit.length) throw notFound('Notification');
}

/** Marks every unread in-app notification of the caller read; returns how many. */
export async function markAllRead(ex: Executor, clock: Clock, actor: Actor): Promise<number> {
  const hit = await rows(
    ex,
    sql`UPDATE notifications SET read_at = ${clock.now().toISOString()}::timestamptz
        WHERE tenant_id = ${actor.tenantId} AND channel = 'in_app' AND recipient = ${actor.id} AND read_at IS NULL
        RETURNING id`,
  );
  return hit.length;
}
