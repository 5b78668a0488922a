import { z } from 'zod';

/** Response contracts of the security routes. */

/** GET/PUT /settings/security: the tenant's security settings. */
export const ZSecuritySettingsResponse = z.object({
  /**
   * Origins that may show the respondent page in a frame (CSP `frame-ancestors` sources such as
   * `https://shop.example.com` or `https://*.example.com`); empty: no site may frame it.
   */
  frameAncestors: z.array(z.string()),
});
export type TSecuritySettingsResponse = z.infer<typeof ZSecuritySettingsResponse>;
