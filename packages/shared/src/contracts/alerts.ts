import { z } from 'zod';

/** Response contracts of the alerts routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */

/** An alert rule; scope, condition and actions are stored as validated on input and answered as stored. */
export const ZAlertRuleResponse = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['response', 'metric', 'feedback']),
  enabled: z.boolean(),
  scope: z.record(z.string(), z.unknown()),
  condition: z.record(z.string(), z.unknown()),
  actions: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TAlertRuleResponse = z.infer<typeof ZAlertRuleResponse>;

/** GET /alert-rules. */
export const ZAlertRuleListResponse = z.object({ items: z.array(ZAlertRuleResponse) });
export type TAlertRuleListResponse = z.infer<typeof ZAlertRuleListResponse>;

/** An in-app notification, or an email/webhook outbox entry (admins). */
export const ZNotificationResponse = z.object({
  id: z.string(),
  channel: z.enum(['in_app', 'email', 'webhook']),
  /** A user id (in-app), an email address or a webhook URL. */
  recipient: z.string(),
  subject: z.string(),
  body: z.string(),
  data: z.unknown(),
  status: z.string(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TNotificationResponse = z.infer<typeof ZNotificationResponse>;

/** GET /notifications. */
export const ZNotificationListResponse = z.object({ items: z.array(ZNotificationResponse) });
export type TNotificationListResponse = z.infer<typeof ZNotificationListResponse>;
