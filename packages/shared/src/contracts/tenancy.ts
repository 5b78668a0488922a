import { z } from 'zod';

/** Response contracts of the tenant settings routes. */

/** GET and PATCH /tenant: the tenant's own settings (name, default language, time zone). */
export const ZTenantSettingsResponse = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  defaultLocale: z.string(),
  /** IANA zone; days in rollups, metric periods, console date pickers and exports are this zone's days. */
  timezone: z.string(),
});
export type TTenantSettingsResponse = z.infer<typeof ZTenantSettingsResponse>;
