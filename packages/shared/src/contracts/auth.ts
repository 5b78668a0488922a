import { z } from 'zod';
import { ABILITIES, type TAbility, ZRole } from '../roles.ts';

/** Response contracts of the auth routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */

const ZAbility = z.enum(Object.keys(ABILITIES) as [TAbility, ...TAbility[]]);

/**
 * The caller as the console sees it (POST /auth/login, GET and PATCH /me): identity, tenant, scope unit and the
 * abilities the role grants. Tenant and unit details come from a join that always matches for a live actor; they
 * are optional because the server omits what it could not read rather than failing.
 */
export const ZMeResponse = z.object({
  kind: z.enum(['user', 'apiKey']),
  id: z.string(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  role: ZRole,
  locale: z.string(),
  tenant: z.object({
    id: z.string(),
    slug: z.string().optional(),
    name: z.string().optional(),
    defaultLocale: z.string().optional(),
    /** The tenant's IANA time zone: every day boundary (rollups, periods, pickers, exports) is one of its days. */
    timezone: z.string().optional(),
  }),
  orgUnit: z.object({
    id: z.string(),
    path: z.string(),
    code: z.string().optional(),
    name: z.string().optional(),
    nameEn: z.string().nullable().optional(),
    kind: z.string().optional(),
  }),
  abilities: z.array(ZAbility),
});
export type TMeResponse = z.infer<typeof ZMeResponse>;
