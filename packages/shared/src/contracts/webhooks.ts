import { z } from 'zod';

/** Response contracts of the webhooks routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */

/** A webhook endpoint as listed: never its secret. */
export const ZWebhookResponse = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  orgUnitId: z.string(),
  enabled: z.boolean(),
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
});
export type TWebhookTestResponse = z.infer<typeof ZWebhookTestResponse>;
