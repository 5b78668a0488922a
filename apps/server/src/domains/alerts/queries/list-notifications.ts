import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import type { NotificationRow } from '../presenter.ts';

/** Filters of the notification list. */
export interface ListNotificationsOptions {
  channel: NotificationRow['channel'];
  unreadOnly: boolean;
}

/**
 * The latest 200 notifications of a channel: in-app ones addressed to the caller only; the email and webhook
 * outboxes tenant-wide (the route lets only rule writers read those).
 */
export function listNotifications(
  ex: Executor,
  actor: Actor,
  opts: ListNotificationsOptions,
): Promise<NotificationRow[]> {
  return rows<NotificationRow>(
    ex,
    sql`SELECT id, channel, recipient, subject, body, data, status, read_at, created_at FROM notifications
      WHERE tenant_id = ${actor.tenantId} AND channel = ${opts.channel} ${opts.channel === 'in_app' ? sql`AND recipient = ${actor.id}` : sql``}
      ${opts.unreadOnly ? sql`AND read_at IS NULL` : sql``}
      ORDER BY created_at DESC LIMIT 200`,
  );
}
