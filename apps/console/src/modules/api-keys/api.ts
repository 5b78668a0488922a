import type { TApiKeyResponse } from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

/** An API key as GET /api-keys lists it (the secret is shown once, in the create answer). */
export type ApiKey = TApiKeyResponse;

/** Query keys for API keys. */
export const apiKeyKeys = {
  all: ['api-keys'] as const,
  list: () => [...apiKeyKeys.all, 'list'] as const,
};

/** The tenant's API keys, revoked ones included. */
export function useApiKeys() {
  return useQuery({
    queryKey: apiKeyKeys.list(),
    queryFn: () => api<{ items: ApiKey[] }>('api-keys').then((r) => r.items),
  });
}

/** Creates a key; the answer carries the secret `key`, never shown again. */
export function useCreateApiKey(callbacks?: MutationCallbacks<ApiKey & { key: string }, Record<string, unknown>>) {
  return useInvalidatingMutation(
    (v: Record<string, unknown>) => api<ApiKey & { key: string }>('api-keys', { body: v }),
    [apiKeyKeys.all],
    callbacks,
  );
}

/** Revokes a key. */
export function useRevokeApiKey(callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (id: string) => api(`api-keys/${id}`, { method: 'DELETE' }),
    [apiKeyKeys.all],
    callbacks,
  );
}
