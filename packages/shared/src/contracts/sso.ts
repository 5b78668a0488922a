import { z } from 'zod';
import { ZRole } from '../roles.ts';

/** Response contracts of the single sign-on routes: one zod schema per route's answer, its type. */

/** GET/PUT /sso/config: the tenant's OpenID Connect provider. The client secret is never returned. */
export const ZSsoConfigResponse = z.object({
  configured: z.boolean(),
  enabled: z.boolean(),
  providerName: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  /** True when a client secret is stored (it is never sent back). */
  hasClientSecret: z.boolean(),
  scopes: z.string(),
  roleClaim: z.string().nullable(),
  roleRules: z.array(z.object({ value: z.string(), role: ZRole })),
  defaultRole: ZRole,
  unitClaim: z.string().nullable(),
  unitRules: z.array(z.object({ value: z.string(), orgUnitId: z.string() })),
  defaultOrgUnitId: z.string().nullable(),
  jit: z.boolean(),
  ssoOnly: z.boolean(),
  /** What to register at the provider as the redirect (callback) URI. */
  redirectUri: z.string(),
  /** The login page address that offers this provider's button. */
  loginUrl: z.string(),
  updatedAt: z.string().nullable(),
});
export type TSsoConfigResponse = z.infer<typeof ZSsoConfigResponse>;

/** GET /auth/sso?tenant=slug: what the login page shows (nothing secret; `null` provider when SSO is off). */
export const ZSsoDiscoveryResponse = z.object({
  tenant: z.object({ slug: z.string(), name: z.string() }),
  provider: z.object({ name: z.string(), startUrl: z.string() }).nullable(),
  ssoOnly: z.boolean(),
});
export type TSsoDiscoveryResponse = z.infer<typeof ZSsoDiscoveryResponse>;
