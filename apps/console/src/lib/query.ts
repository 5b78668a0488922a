import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';

/** What a page adds to a module's mutation hook: its own reaction (a message, closing a form, form errors). */
export interface MutationCallbacks<TData, TVars> {
  onSuccess?: (data: TData, vars: TVars) => void;
  onError?: (err: Error, vars: TVars) => void;
}

/**
 * A mutation that marks the given queries stale once it succeeds, so a module's hooks carry their own invalidations
 * and pages only say what happens on screen. The caller's `onSuccess` runs first; the mutation stays pending until
 * the refetches of the invalidated queries that are on screen have finished.
 */
export function useInvalidatingMutation<TData, TVars = void>(
  mutationFn: (vars: TVars) => Promise<TData>,
  invalidate: readonly QueryKey[] | ((data: TData, vars: TVars) => readonly QueryKey[]),
  callbacks: MutationCallbacks<TData, TVars> = {},
) {
  const queryClient = useQueryClient();
  return useMutation<TData, Error, TVars>({
    mutationFn,
    onSuccess: (data, vars) => {
      const keys = typeof invalidate === 'function' ? invalidate(data, vars) : invalidate;
      const done = Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      callbacks.onSuccess?.(data, vars);
      return done;
    },
    onError: (err, vars) => callbacks.onError?.(err, vars),
  });
}

/** Returns a stable function marking the queries under the given keys stale (after work done outside a mutation). */
export function useInvalidate() {
  const queryClient = useQueryClient();
  return useCallback(
    (...keys: QueryKey[]) => {
      for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
    },
    [queryClient],
  );
}
