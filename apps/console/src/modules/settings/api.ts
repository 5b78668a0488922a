import type { TSecuritySettingsResponse, TTenantSettingsResponse } from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { meKeys } from '../../lib/me.tsx';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

/** The tenant's settings as GET /tenant answers them. */
export type TenantSettings = TTenantSettingsResponse;

/** Query keys for the tenant settings. */
export const settingsKeys = { all: ['tenant-settings'] as const };

/** The caller's tenant: name, default language, time zone. */
export function useTenantSettings() {
  return useQuery({ queryKey: settingsKeys.all, queryFn: () => api<TenantSettings>('tenant') });
}

/** Changes the tenant's settings; the session's `me` (which carries the zone every page counts days in) reloads. */
export function useSaveTenantSettings(callbacks?: MutationCallbacks<TenantSettings, Partial<TenantSettings>>) {
  return useInvalidatingMutation(
    (v: Partial<TenantSettings>) => api<TenantSettings>('tenant', { method: 'PATCH', body: v }),
    [settingsKeys.all, meKeys.all],
    callbacks,
  );
}

/** Query keys for the tenant's security settings. */
export const securityKeys = { all: ['security-settings'] as const };

/** Which sites may show the survey page in a frame (owner and admin only). */
export function useSecuritySettings(enabled: boolean) {
  return useQuery({
    queryKey: securityKeys.all,
    queryFn: () => api<TSecuritySettingsResponse>('settings/security'),
    enabled,
  });
}

/** Replaces the list of sites that may frame the survey page. */
export function useSaveSecuritySettings(
  callbacks?: MutationCallbacks<TSecuritySettingsResponse, TSecuritySettingsResponse>,
) {
  return useInvalidatingMutation(
    (v: TSecuritySettingsResponse) => api<TSecuritySettingsResponse>('settings/security', { method: 'PUT', body: v }),
    [securityKeys.all],
    callbacks,
  );
}
