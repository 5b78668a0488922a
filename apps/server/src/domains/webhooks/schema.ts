import { ZWebhookEventType } from '@loopcx/shared';
import { z } from 'zod';

/** `https://user:pass@…` would be stored and shown; the send-time client refuses it too. */
function withoutCredentials(url: string): boolean {
  if (!URL.canParse(url)) return true; // reported by the URL check itself
  const { username, password } = new URL(url);
  return !username && !password;
}

/**
 * A receiver's URL. Syntax only: whether the destination may be reached is decided when sending
 * (platform/outbound.ts), after DNS, so a name cannot be checked now and pointed elsewhere later.
 */
export const ZWebhookUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
  .max(2000)
  .refine(withoutCredentials, 'must not contain credentials (user:password@)');

/** Subscribed event types: each at most once (an empty list: alert rules only). */
const ZEvents = z
  .array(ZWebhookEventType)
  .max(50)
  .refine((l) => new Set(l).size === l.length, 'each event type at most once');

export const ZWebhookCreate = z
  .object({
    url: ZWebhookUrl,
    description: z.string().trim().max(500).default(''),
    /** The unit the endpoint belongs to (its scope and its subtree filter): default the caller's unit. */
    orgUnitId: z.uuid().optional(),
    enabled: z.boolean().default(true),
    events: ZEvents.default([]),
    /** Only this survey's events. */
    surveyId: z.uuid().optional(),
  })
  .strict();
export type TWebhookCreate = z.infer<typeof ZWebhookCreate>;

export const ZWebhookUpdate = z
  .object({
    url: ZWebhookUrl.optional(),
    description: z.string().trim().max(500).optional(),
    /** Switching an endpoint on again also clears an auto-disable and its failure count. */
    enabled: z.boolean().optional(),
    events: ZEvents.optional(),
    surveyId: z.uuid().nullable().optional(),
  })
  .strict();
export type TWebhookUpdate = z.infer<typeof ZWebhookUpdate>;

export const ZRotateSecret = z
  .object({
    /** How long the previous secret keeps signing deliveries beside the new one (0: at once), in hours. */
    overlapHours: z.number().int().min(0).max(168).default(24),
  })
  .strict();

/** GET /webhooks/:id/deliveries query: page size and the cursor the previous page answered. */
export const ZDeliveryListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z
      .string()
      .max(200)
      .regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor from a previous page')
      .optional(),
    status: z.enum(['pending', 'retrying', 'succeeded', 'failed']).optional(),
  })
  .strict();
export type TDeliveryListQuery = z.infer<typeof ZDeliveryListQuery>;

export const ZDeliveryParams = z.object({ id: z.uuid(), deliveryId: z.uuid() }).strict();
