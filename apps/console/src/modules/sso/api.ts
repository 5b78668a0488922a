import type { TSsoConfigResponse } from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

/** The tenant's single sign-on configuration (never the client secret). */
export type SsoConfig = TSsoConfigResponse;

/** What the settings form sends: the configuration, with `clientSecret` only when it is being replaced. */
export type SsoConfigInput = Omit<
  SsoConfig,
  'configured' | 'hasClientSecret' | 'redirectUri' | 'loginUrl' | 'updatedAt'
> & {
  clientSecret?: string;
};

/** Query keys for single sign-on. */
export const ssoKeys = { all: ['sso'] as const, config: () => [...ssoKeys.all, 'config'] as const };

export function useSsoConfig() {
  return useQuery({ queryKey: ssoKeys.config(), queryFn: () => api<SsoConfig>('sso/config') });
}

export function useSaveSsoConfig(callbacks?: MutationCallbacks<SsoConfig, SsoConfigInput>) {
  return useInvalidatingMutation(
    (v: SsoConfigInput) => api<SsoConfig>('sso/config', { method: 'PUT', body: v }),
    [ssoKeys.all],
    callbacks,
  );
}

export function useDeleteSsoConfig(callbacks?: MutationCallbacks<unknown, void>) {
  return useInvalidatingMutation(() => api('sso/config', { method: 'DELETE' }), [ssoKeys.all], callbacks);
}
