import { z } from 'zod';
import { NOTIFICATION_KINDS, PREFERENCE_CHANNELS, ROBOT_PROVIDERS } from '../notification-kinds.ts';

/** Response contracts of the notification centre, preferences, web push and group robots. */

/** An in-app notification, or an email/webhook/push/robot outbox entry (admins). */
export const ZNotificationResponse = z.object({
  id: z.string(),
  channel: z.enum(['in_app', 'email', 'webhook', 'push', 'robot']),
  /** What it is about (`alert.response`, `ticket.sla_breach`, …; `alert` for rows written before kinds existed). */
  kind: z.string(),
  /** A user id (in-app, push), an email address, a webhook URL or a robot id. */
  recipient: z.string(),
  subject: z.string(),
  body: z.string(),
  /** The console path where it is handled (`/tickets/…`), when there is one. */
  link: z.string().nullable(),
  data: z.unknown(),
  status: z.string(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TNotificationResponse = z.infer<typeof ZNotificationResponse>;

/** GET /notifications: newest first; `nextCursor` fetches the next page. */
export const ZNotificationListResponse = z.object({
  items: z.array(ZNotificationResponse),
  nextCursor: z.string().nullable(),
  /** The caller's unread in-app notifications (all of them, not just this page). */
  unread: z.number().int(),
});
export type TNotificationListResponse = z.infer<typeof ZNotificationListResponse>;

/** GET /notifications/unread-count and the answer of the mark-read routes. */
export const ZUnreadCountResponse = z.object({ unread: z.number().int() });
export type TUnreadCountResponse = z.infer<typeof ZUnreadCountResponse>;

/** One kind's channels for the caller: what is on, and what the default would be. */
export const ZNotificationPreference = z.object({
  kind: z.enum(NOTIFICATION_KINDS),
  channels: z.record(z.enum(PREFERENCE_CHANNELS), z.boolean()),
  defaults: z.record(z.enum(PREFERENCE_CHANNELS), z.boolean()),
});
export type TNotificationPreference = z.infer<typeof ZNotificationPreference>;

/** GET/PUT /notification-preferences. `pushDevices`: how many browsers of the caller receive web push. */
export const ZNotificationPreferencesResponse = z.object({
  items: z.array(ZNotificationPreference),
  pushDevices: z.number().int(),
});
export type TNotificationPreferencesResponse = z.infer<typeof ZNotificationPreferencesResponse>;

/** GET /push/vapid-public-key: the application server key a browser subscribes with (base64url, uncompressed P-256). */
export const ZVapidPublicKeyResponse = z.object({ publicKey: z.string() });
export type TVapidPublicKeyResponse = z.infer<typeof ZVapidPublicKeyResponse>;

/** POST /push/subscriptions. */
export const ZPushSubscriptionResponse = z.object({ id: z.string(), createdAt: z.string() });
export type TPushSubscriptionResponse = z.infer<typeof ZPushSubscriptionResponse>;

/** A group robot; its webhook URL and secret are write-only (only a hint is answered). */
export const ZRobotResponse = z.object({
  id: z.string(),
  name: z.string(),
  provider: z.enum(ROBOT_PROVIDERS),
  orgUnitId: z.string(),
  webhookHint: z.string(),
  hasSecret: z.boolean(),
  kinds: z.array(z.string()),
  enabled: z.boolean(),
  lastStatus: z.string().nullable(),
  lastSentAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TRobotResponse = z.infer<typeof ZRobotResponse>;

/** GET /notification-robots. */
export const ZRobotListResponse = z.object({ items: z.array(ZRobotResponse) });
export type TRobotListResponse = z.infer<typeof ZRobotListResponse>;

/** POST /notification-robots/:id/test: what the robot's platform answered. */
export const ZRobotTestResponse = z.object({ ok: z.boolean(), status: z.number().int(), detail: z.string() });
export type TRobotTestResponse = z.infer<typeof ZRobotTestResponse>;
