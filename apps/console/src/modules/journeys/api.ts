import type { TTouchpointResponse } from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';
import type { Journey, JourneyMap } from './types.ts';

/** A touchpoint as pickers elsewhere in the console need it (GET /touchpoints). */
export type TouchpointOption = Pick<TTouchpointResponse, 'id' | 'code' | 'name' | 'nameEn'>;

/** Query keys for the touchpoint list other modules filter by. */
export const touchpointKeys = {
  all: ['touchpoints'] as const,
  list: () => [...touchpointKeys.all, 'list'] as const,
};

/** Query keys for journeys; `map` sits under `all` so a journey change refreshes its map. */
export const journeyKeys = {
  all: ['journeys'] as const,
  list: (status: 'active' | 'all') => [...journeyKeys.all, 'list', status] as const,
  map: (journeyId: string | undefined, unitId: string, from: string, to: string) =>
    [...journeyKeys.all, 'map', journeyId, unitId, from, to] as const,
};

/** Active touchpoints of the tenant (for filters and pickers in every module). */
export function useTouchpoints() {
  return useQuery({
    queryKey: touchpointKeys.list(),
    queryFn: () => api<{ items: TouchpointOption[] }>('touchpoints').then((r) => r.items),
  });
}

/** Journeys with their stages and touchpoints: active ones, or all (the editor shows archived ones too). */
export function useJourneys(status: 'active' | 'all') {
  return useQuery({
    queryKey: journeyKeys.list(status),
    queryFn: () =>
      api<{ items: Journey[] }>(status === 'all' ? 'journeys?status=all' : 'journeys').then((r) => r.items),
  });
}

/** A journey's map for a unit and date range, refreshed every 30 s. */
export function useJourneyMap(journeyId: string | undefined, unitId: string, from: string, to: string) {
  return useQuery({
    queryKey: journeyKeys.map(journeyId, unitId, from, to),
    queryFn: () => api<JourneyMap>(`journeys/${journeyId}/map?orgUnitId=${unitId}&from=${from}&to=${to}`),
    enabled: !!journeyId,
    refetchInterval: 30_000,
  });
}

/** A write to a journey or its stages (create, rename, reorder, delete): the editor names the path and method. */
export interface JourneyChange {
  path: string;
  method: string;
  body?: unknown;
}

/** Applies a {@link JourneyChange}; answers with the journey when the route returns it. */
export function useChangeJourney(callbacks?: MutationCallbacks<Journey, JourneyChange>) {
  return useInvalidatingMutation(
    ({ path, method, body }: JourneyChange) => api<Journey>(path, { method, body }),
    [journeyKeys.all],
    callbacks,
  );
}

/** Creates a touchpoint, or updates `existingId`. */
export function useSaveTouchpoint(
  existingId: string | undefined,
  callbacks?: MutationCallbacks<unknown, Record<string, unknown>>,
) {
  return useInvalidatingMutation(
    (v: Record<string, unknown>) =>
      existingId ? api(`touchpoints/${existingId}`, { method: 'PATCH', body: v }) : api('touchpoints', { body: v }),
    [journeyKeys.all, touchpointKeys.all],
    callbacks,
  );
}

/** Archives a touchpoint. */
export function useArchiveTouchpoint(id: string | undefined, callbacks?: MutationCallbacks<unknown, void>) {
  return useInvalidatingMutation(
    () => api(`touchpoints/${id}`, { method: 'PATCH', body: { status: 'archived' } }),
    [journeyKeys.all, touchpointKeys.all],
    callbacks,
  );
}
