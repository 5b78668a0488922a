import { z } from 'zod';

/** Response contracts of the webhooks routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */

/**
 * The event types an endpoint may subscribe to. `invitation.*` are declared for the invitation channels: they are
 * accepted in subscriptions but nothing emits them yet (README: webhook subscriptions).
 */
export const WEBHOOK_EVENT_TYPES = [
  'response.created',
  'response.analyzed',
  'ticket.created',
  'ticket.updated',
  'ticket.closed',
  'alert.fired',
  'feedback.created',
  'metric.threshold',
  'invitation.sent',
  'invitation.opened',
  'invitation.completed',
  'invitation.bounced',
] as const;
export type TWebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export const ZWebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);

/** The types nothing emits yet (the console marks them). */
export const WEBHOOK_DECLARED_ONLY: readonly TWebhookEventType[] = [
  'invitation.sent',
  'invitation.opened',
  'invitation.completed',
  'invitation.bounced',
];

/** A webhook endpoint as listed: never its secret. */
export const ZWebhookResponse = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  orgUnitId: z.string(),
  enabled: z.boolean(),
  /** Subscribed event types (empty: the endpoint only receives what alert rules send it). */
  events: z.array(z.string()),
  /** Only events of this survey (events without a survey, such as feedback, are then not sent). */
  surveyId: z.string().nullable(),
  /** Set when loopcx switched the endpoint off itself ('failures': too many failed attempts in a row). */
  disabledReason: z.enum(['failures']).nullable(),
  disabledAt: z.string().nullable(),
  /** Failed attempts since the last success (auto-disable at the threshold). */
  consecutiveFailures: z.number().int(),
  /** When the current secret was made (by creation or the last rotation). */
  secretCreatedAt: z.string().nullable(),
  /** While a rotation's overlap lasts, the previous secret still signs deliveries until then. */
  previousSecretExpiresAt: z.string().nullable(),
  /** Alert rules that deliver to this endpoint. */
  ruleCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TWebhookResponse = z.infer<typeof ZWebhookResponse>;

/** GET /webhooks. */
export const ZWebhookListResponse = z.object({ items: z.array(ZWebhookResponse) });
export type TWebhookListResponse = z.infer<typeof ZWebhookListResponse>;

/** POST /webhooks and POST /webhooks/:id/rotate-secret: the only answers that hold a secret (`whsec_…`). */
export const ZWebhookWithSecretResponse = ZWebhookResponse.extend({ secret: z.string() });
export type TWebhookWithSecretResponse = z.infer<typeof ZWebhookWithSecretResponse>;

/** POST /webhooks/:id/test: what the receiver answered to a `webhook.test` delivery. */
export const ZWebhookTestResponse = z.object({
  ok: z.boolean(),
  /** The receiver's HTTP status, or null when nothing was answered (refused, timed out, network error). */
  responseStatus: z.number().int().nullable(),
  latencyMs: z.number().int(),
  /** Why it failed, for people: refused destination, timeout, non-2xx. */
  error: z.string().nullable(),
  webhookId: z.string(),
  /** The entry this test wrote in the endpoint's delivery log (event type `webhook.test`). */
  deliveryId: z.string(),
});
export type TWebhookTestResponse = z.infer<typeof ZWebhookTestResponse>;

/** One delivery of an event to an endpoint, as the delivery log lists it. */
export const ZWebhookDeliveryResponse = z.object({
  id: z.string(),
  eventId: z.string(),
  /** The `webhook-id` header (the same on retries and redeliveries of one event). */
  messageId: z.string(),
  eventType: z.string(),
  /** Per-object order: a later change of one object has a higher number. */
  sequence: z.number().int(),
  status: z.enum(['pending', 'retrying', 'succeeded', 'failed']),
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable(),
  latencyMs: z.number().int().nullable(),
  /** The body sent (first 4 KiB) and the receiver's answer (first 2 KiB). */
  requestBody: z.string().nullable(),
  responseBody: z.string().nullable(),
  error: z.string().nullable(),
  /** The delivery this one repeats (manual redelivery). */
  redeliveryOf: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TWebhookDeliveryResponse = z.infer<typeof ZWebhookDeliveryResponse>;

/** GET /webhooks/:id/deliveries: newest first; `nextCursor` asks for the page after this one (null at the end). */
export const ZWebhookDeliveryListResponse = z.object({
  items: z.array(ZWebhookDeliveryResponse),
  nextCursor: z.string().nullable(),
});
export type TWebhookDeliveryListResponse = z.infer<typeof ZWebhookDeliveryListResponse>;
