import type { TUserCreatedResponse } from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

/** A user as GET /users lists it; `password` only in the answer that generated one. */
export type User = TUserCreatedResponse;

/** Query keys for users; `list` takes the search text ('' for everyone). */
export const userKeys = {
  all: ['users'] as const,
  list: (q: string) => [...userKeys.all, 'list', q] as const,
};

/** Users in scope matching `q` (all when empty); `enabled: false` for callers without `users.read`. */
export function useUsers(q = '', opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: userKeys.list(q),
    queryFn: () => api<{ items: User[] }>(`users${q ? `?q=${encodeURIComponent(q)}` : ''}`).then((r) => r.items),
    enabled: opts.enabled ?? true,
  });
}

/** Creates a user (the server may generate a password) or updates `id` (the email never changes). */
export function useSaveUser(callbacks?: MutationCallbacks<User, { id?: string; values: Record<string, unknown> }>) {
  return useInvalidatingMutation(
    (v: { id?: string; values: Record<string, unknown> }) => {
      const body = Object.fromEntries(Object.entries(v.values).filter(([, x]) => x !== undefined && x !== ''));
      if (!v.id) return api<User>('users', { body });
      delete body.email;
      return api<User>(`users/${v.id}`, { method: 'PATCH', body });
    },
    [userKeys.all],
    callbacks,
  );
}

/** Disables a user. */
export function useDisableUser(callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation((id: string) => api(`users/${id}`, { method: 'DELETE' }), [userKeys.all], callbacks);
}
