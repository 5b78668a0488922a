import type { TAbility, TMeResponse } from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { api } from './api.ts';

/** GET /api/v1/me as the console sees it. */
export type Me = TMeResponse;

export const MeContext = createContext<Me | null>(null);

/** The logged-in user; only used inside the shell, where a user is guaranteed. */
export function useMe(): Me & { can: (a: TAbility) => boolean } {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside the shell');
  return { ...me, can: (a) => me.abilities.includes(a) };
}

/** Query keys for the session's user. */
export const meKeys = { all: ['me'] as const };

/** Loads GET /me (no retry: a 401 means "log in"). */
export function useMeQuery() {
  return useQuery({ queryKey: meKeys.all, queryFn: () => api<Me>('me'), retry: false, staleTime: 60_000 });
}
