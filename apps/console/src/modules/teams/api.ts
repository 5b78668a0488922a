import type { TTeamResponse } from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

/** A team as GET /teams lists it. */
export type Team = TTeamResponse;

/** Query keys for teams. */
export const teamKeys = {
  all: ['teams'] as const,
  list: () => [...teamKeys.all, 'list'] as const,
};

/** The tenant's teams (also the owner and RACI pickers of other modules). */
export function useTeams() {
  return useQuery({ queryKey: teamKeys.list(), queryFn: () => api<{ items: Team[] }>('teams').then((r) => r.items) });
}

/** Creates a team, or updates `id`. */
export function useSaveTeam(callbacks?: MutationCallbacks<unknown, { id?: string; values: Partial<Team> }>) {
  return useInvalidatingMutation(
    (v: { id?: string; values: Partial<Team> }) =>
      v.id ? api(`teams/${v.id}`, { method: 'PATCH', body: v.values }) : api('teams', { body: v.values }),
    [teamKeys.all],
    callbacks,
  );
}

/** Deletes a team. */
export function useDeleteTeam(callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation((id: string) => api(`teams/${id}`, { method: 'DELETE' }), [teamKeys.all], callbacks);
}
