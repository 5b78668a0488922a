import { z } from 'zod';

/** Response contracts of the audit routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */

/** One audit entry: who (a user, an API key, or an anonymous login attempt), what, when, from where, before/after. */
export const ZAuditEntryResponse = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({
    kind: z.enum(['user', 'apiKey', 'anonymous']),
    id: z.string().nullable(),
    /** The user's email or the key's name when the entry was written. */
    label: z.string().nullable(),
  }),
  action: z.string(),
  object: z.object({ type: z.string(), id: z.string().nullable() }),
  outcome: z.enum(['success', 'failure']),
  /** HTTP status of the request, when the entry was written by the HTTP layer or a login. */
  status: z.number().nullable(),
  /** Redacted: secrets show as `***`. */
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
});
export type TAuditEntryResponse = z.infer<typeof ZAuditEntryResponse>;

/** GET /audit: newest first; `nextCursor` fetches the next page. */
export const ZAuditPageResponse = z.object({
  items: z.array(ZAuditEntryResponse),
  nextCursor: z.string().nullable(),
});
export type TAuditPageResponse = z.infer<typeof ZAuditPageResponse>;
