import type { TSdkKeyListResponse, TSdkKeyResponse } from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

/** A public write key of the browser SDK (the key string is public and always shown). */
export type SdkKey = TSdkKeyResponse;

/** Query keys for SDK keys. */
export const sdkKeyKeys = {
  all: ['sdk-keys'] as const,
  list: () => [...sdkKeyKeys.all, 'list'] as const,
};

/** The SDK keys in scope (revoked ones last) and the script URL for the install snippet. */
export function useSdkKeys() {
  return useQuery({
    queryKey: sdkKeyKeys.list(),
    queryFn: () => api<TSdkKeyListResponse>('sdk-keys'),
  });
}

/** Creates a key (no id) or edits one. */
export function useSaveSdkKey(callbacks?: MutationCallbacks<SdkKey, { id?: string; body: Record<string, unknown> }>) {
  return useInvalidatingMutation(
    ({ id, body }: { id?: string; body: Record<string, unknown> }) =>
      id ? api<SdkKey>(`sdk-keys/${id}`, { method: 'PATCH', body }) : api<SdkKey>('sdk-keys', { body }),
    [sdkKeyKeys.all],
    callbacks,
  );
}

/** Revokes a key: pages using it stop sending at once. */
export function useRevokeSdkKey(callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (id: string) => api(`sdk-keys/${id}`, { method: 'DELETE' }),
    [sdkKeyKeys.all],
    callbacks,
  );
}
