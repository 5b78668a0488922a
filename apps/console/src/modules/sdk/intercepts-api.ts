import type { TInterceptListResponse, TInterceptResponse } from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

/** An intercept rule with its survey and its shows / answers of the last 30 days. */
export type Intercept = TInterceptResponse;

/** Query keys for intercepts. */
export const interceptKeys = {
  all: ['intercepts'] as const,
  list: () => [...interceptKeys.all, 'list'] as const,
};

/** The tenant's intercept rules, newest first. */
export function useIntercepts() {
  return useQuery({
    queryKey: interceptKeys.list(),
    queryFn: () => api<TInterceptListResponse>('intercepts').then((r) => r.items),
  });
}

/** Creates an intercept (no id) or changes one (only the fields given). */
export function useSaveIntercept(
  callbacks?: MutationCallbacks<Intercept, { id?: string; body: Record<string, unknown> }>,
) {
  return useInvalidatingMutation(
    ({ id, body }: { id?: string; body: Record<string, unknown> }) =>
      id ? api<Intercept>(`intercepts/${id}`, { method: 'PATCH', body }) : api<Intercept>('intercepts', { body }),
    [interceptKeys.all],
    callbacks,
  );
}

/** Deletes an intercept: its shows and answers stay in the history. */
export function useDeleteIntercept(callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (id: string) => api(`intercepts/${id}`, { method: 'DELETE' }),
    [interceptKeys.all],
    callbacks,
  );
}
