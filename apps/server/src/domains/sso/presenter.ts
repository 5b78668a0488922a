import type { TSsoConfigResponse } from '@loopcx/shared';
import type { Config } from '../../platform/config.ts';
import type { SsoConfigRow } from './queries/get-sso-config.ts';

/** The one callback every tenant registers at its provider (the login's state row says which tenant it is). */
export const callbackUrl = (config: Pick<Config, 'publicUrl'>) => `${config.publicUrl}/api/v1/auth/sso/callback`;

/** The console login page that shows a tenant's SSO button. */
export const loginUrl = (config: Pick<Config, 'publicUrl'>, slug: string) =>
  `${config.publicUrl}/login?tenant=${encodeURIComponent(slug)}`;

/** A configuration as the API answers it: never the client secret, only whether one is stored. */
export function presentSsoConfig(
  config: Pick<Config, 'publicUrl'>,
  slug: string,
  r: SsoConfigRow | undefined,
): TSsoConfigResponse {
  return {
    configured: !!r,
    enabled: r?.enabled ?? false,
    providerName: r?.provider_name ?? '',
    issuer: r?.issuer ?? '',
    clientId: r?.client_id ?? '',
    hasClientSecret: !!r?.client_secret_enc,
    scopes: r?.scopes ?? 'openid email profile',
    roleClaim: r?.role_claim ?? null,
    roleRules: r?.role_rules ?? [],
    defaultRole: r?.default_role ?? 'viewer',
    unitClaim: r?.unit_claim ?? null,
    unitRules: r?.unit_rules ?? [],
    defaultOrgUnitId: r?.default_org_unit_id ?? null,
    jit: r?.jit ?? true,
    ssoOnly: r?.sso_only ?? false,
    redirectUri: callbackUrl(config),
    loginUrl: loginUrl(config, slug),
    updatedAt: r ? new Date(r.updated_at).toISOString() : null,
  };
}
