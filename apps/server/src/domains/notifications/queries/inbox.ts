import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import type { NotificationRow } from '../presenter.ts';

/** Filters and page of the notification list. */
export interface InboxOptions {
  channel: NotificationRow['channel'];
  unreadOnly: boolean;
  limit: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

const encodeCursor = (n: NotificationRow) =>
  Buffer.from(`${new Date(n.created_at).toISOString()}|${n.id}`).toString('base64url');

function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/i.test(id))
    throw invalid('cursor', 'not a cursor of this list');
  return { at, id };
}

/**
 * A page of notifications, newest first: in-app ones addressed to the caller only (the recipient is the boundary,
 * with the tenant); the email/webhook/push/robot outboxes tenant-wide (the route lets only rule writers read those).
 */
export async function listInbox(ex: Executor, actor: Actor, opts: InboxOptions) {
  const after = opts.cursor ? decodeCursor(opts.cursor) : null;
  const list = await rows<NotificationRow>(
    ex,
    sql`SELECT id, channel, kind, recipient, subject, body, link, data, status, read_at, created_at FROM notifications
        WHERE tenant_id = ${actor.tenantId} AND channel = ${opts.channel}
          ${opts.channel === 'in_app' ? sql`AND recipient = ${actor.id}` : sql``}
          ${opts.unreadOnly ? sql`AND read_at IS NULL` : sql``}
          ${after ? sql`AND (created_at, id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
        ORDER BY created_at DESC, id DESC LIMIT ${opts.limit + 1}`,
  );
  const more = list.length > opts.limit;
  const items = more ? list.slice(0, opts.limit) : list;
  return { items, nextCursor: more ? encodeCursor(items[items.length - 1]) : null };
}

/** The caller's unread in-app notifications. */
export async function unreadCount(ex: Executor, actor: Actor): Promise<number> {
  const r = await one<{ n: number }>(
    ex,
    sql`SELECT count(*)::int AS n FROM notifications
        WHERE tenant_id = ${actor.tenantId} AND channel = 'in_app' AND recipient = ${actor.id} AND read_at IS NULL`,
  );
  return r?.n ?? 0;
}
