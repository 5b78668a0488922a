import type {
  TSecuritySettingsResponse,
  TTenantSettingsResponse,
  TWechatAccountInput,
  TWechatAccountResponse,
} from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { ApiError, api } from '../../lib/api.ts';
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

/** Query keys for the tenant's WeChat official account. */
export const wechatKeys = { all: ['wechat-account'] as const };

/** The official account the survey page learns openids for; null when none is set (owner and admin only). */
export function useWechatAccount(enabled: boolean) {
  return useQuery({
    queryKey: wechatKeys.all,
    queryFn: () =>
      api<TWechatAccountResponse>('wechat-account').catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }),
    enabled,
  });
}

/** Sets the official account (the AppSecret only when typed: blank keeps the saved one). */
export function useSaveWechatAccount(callbacks?: MutationCallbacks<TWechatAccountResponse, TWechatAccountInput>) {
  return useInvalidatingMutation(
    (v: TWechatAccountInput) => api<TWechatAccountResponse>('wechat-account', { method: 'PUT', body: v }),
    [wechatKeys.all],
    callbacks,
  );
}

/** Removes the official account. */
export function useDeleteWechatAccount(callbacks?: MutationCallbacks<void, void>) {
  return useInvalidatingMutation(() => api<void>('wechat-account', { method: 'DELETE' }), [wechatKeys.all], callbacks);
}
