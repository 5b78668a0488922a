import { z } from 'zod';

/** Response contracts of the api-keys routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */

/** An API key as listed: never the key itself nor its hash. */
export const ZApiKeyResponse = z.object({
  id: z.string(),
  name: z.string(),
  /** The first characters of the key, so a person can tell keys apart. */
  prefix: z.string(),
  role: z.string(),
  orgUnitId: z.string(),
  /** `<domain>:read|write` scopes; null: every domain the role reaches (keys made before scopes, or without any). */
  scopes: z.array(z.string()).nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type TApiKeyResponse = z.infer<typeof ZApiKeyResponse>;

/** GET /api-keys. */
export const ZApiKeyListResponse = z.object({ items: z.array(ZApiKeyResponse) });
export type TApiKeyListResponse = z.infer<typeof ZApiKeyListResponse>;

/** POST /api-keys: the one answer that holds the key. */
export const ZApiKeyCreatedResponse = ZApiKeyResponse.extend({ key: z.string() });
export type TApiKeyCreatedResponse = z.infer<typeof ZApiKeyCreatedResponse>;
