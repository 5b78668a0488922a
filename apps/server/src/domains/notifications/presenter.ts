import type { TNotificationResponse, TRobotProvider, TRobotResponse } from '@loopcx/shared';

/** A `notifications` row as the list reads it. */
export interface NotificationRow {
  id: string;
  channel: TNotificationResponse['channel'];
  kind: string;
  recipient: string;
  subject: string;
  body: string;
  link: string | null;
  data: unknown;
  status: string;
  read_at: Date | string | null;
  created_at: Date | string;
}

/** Where a notification is handled: its own link, else the ticket it names (rows written before links existed). */
function linkOf(n: NotificationRow): string | null {
  if (n.link) return n.link;
  const ticketId = (n.data as { ticketId?: unknown } | null)?.ticketId;
  return typeof ticketId === 'string' ? `/tickets/${ticketId}` : null;
}

/**
 * A notification as the API answers it. Times leave as ISO strings: the raw column was a Date on PostgreSQL and
 * the database's own text format on PGlite.
 */
export const presentNotification = (n: NotificationRow): TNotificationResponse => ({
  id: n.id,
  channel: n.channel,
  kind: n.kind,
  recipient: n.recipient,
  subject: n.subject,
  body: n.body,
  link: linkOf(n),
  data: n.data,
  status: n.status,
  readAt: n.read_at ? new Date(n.read_at).toISOString() : null,
  createdAt: new Date(n.created_at).toISOString(),
});

/** A `notification_robots` row without its sealed columns. */
export interface RobotListRow {
  id: string;
  name: string;
  provider: TRobotProvider;
  org_unit_id: string;
  webhook_hint: string;
  has_secret: boolean;
  kinds: string[];
  enabled: boolean;
  last_status: string | null;
  last_sent_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const iso = (v: Date | string | null) => (v ? new Date(v).toISOString() : null);

/** A robot as the API answers it: never its URL or secret. */
export const presentRobot = (r: RobotListRow): TRobotResponse => ({
  id: r.id,
  name: r.name,
  provider: r.provider,
  orgUnitId: r.org_unit_id,
  webhookHint: r.webhook_hint,
  hasSecret: r.has_secret,
  kinds: r.kinds,
  enabled: r.enabled,
  lastStatus: r.last_status,
  lastSentAt: iso(r.last_sent_at),
  createdAt: iso(r.created_at) as string,
  updatedAt: iso(r.updated_at) as string,
});
