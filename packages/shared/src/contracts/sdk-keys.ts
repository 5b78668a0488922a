import { z } from 'zod';

/** Contracts of the sdk-keys routes (public write keys for the browser SDK, issue 20) and of POST /sdk/v1/events. */

/** An exact web origin: http(s)://host[:port], no path, no wildcard (what a browser sends as `Origin`). */
export const ZSdkOrigin = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine(
    (s) => sdkOriginOf(s) === s.toLowerCase(),
    'an exact origin such as https://shop.example.com (no path, no *)',
  );

/** The canonical form of an origin (`https://a.example`), or null when `s` is not exactly an http(s) origin. */
export function sdkOriginOf(s: string): string | null {
  if (!/^https?:\/\/[^/?#*\s]+$/i.test(s)) return null;
  try {
    const u = new URL(s);
    if (u.username || u.password) return null;
    return u.origin === 'null' ? null : u.origin;
  } catch {
    return null;
  }
}

/** A public write key as the console lists it; the key string itself is public and always shown. */
export const ZSdkKeyResponse = z.object({
  id: z.string(),
  name: z.string(),
  /** `pk_…`: meant for a web page's HTML, only good for POST /sdk/v1/events. */
  key: z.string(),
  allowedOrigins: z.array(z.string()),
  allowedEventTypes: z.array(z.string()),
  orgUnitId: z.string(),
  touchpointId: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type TSdkKeyResponse = z.infer<typeof ZSdkKeyResponse>;

/** GET /sdk-keys. */
export const ZSdkKeyListResponse = z.object({
  items: z.array(ZSdkKeyResponse),
  /** Where pages load the SDK from: `<public URL>/sdk/v1/loopcx.js` (for the install snippet). */
  scriptUrl: z.string(),
});
export type TSdkKeyListResponse = z.infer<typeof ZSdkKeyListResponse>;

/** POST /sdk/v1/events: how many events were stored and how many had been stored before (same event id). */
export const ZSdkIngestResponse = z.object({ accepted: z.number().int(), duplicates: z.number().int() });
export type TSdkIngestResponse = z.infer<typeof ZSdkIngestResponse>;
