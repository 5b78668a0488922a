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

export const ZWebhookCreate = z
  .object({
    url: ZWebhookUrl,
    description: z.string().trim().max(500).default(''),
    /** The unit the endpoint belongs to (its scope): default the caller's unit. */
    orgUnitId: z.uuid().optional(),
    enabled: z.boolean().default(true),
  })
  .strict();
export type TWebhookCreate = z.infer<typeof ZWebhookCreate>;

export const ZWebhookUpdate = z
  .object({
    url: ZWebhookUrl.optional(),
    description: z.string().trim().max(500).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type TWebhookUpdate = z.infer<typeof ZWebhookUpdate>;

export const ZRotateSecret = z
  .object({
    /** How long the previous secret keeps signing deliveries beside the new one (0: at once), in hours. */
    overlapHours: z.number().int().min(0).max(168).default(24),
  })
  .strict();
