import type {
  TChannelResponse,
  TProgrammeCreate,
  TProgrammePreviewResponse,
  TProgrammeResponse,
  TProgrammeWaveResponse,
} from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

export type Programme = TProgrammeResponse;
export type Wave = TProgrammeWaveResponse;
export type Preview = TProgrammePreviewResponse;
/** What the programme form sends. */
export type ProgrammeInput = TProgrammeCreate;

/** Query keys of programmes: the list, one programme's waves, the channel options. */
export const programmeKeys = {
  all: ['programmes'] as const,
  list: () => [...programmeKeys.all, 'list'] as const,
  waves: (id: string) => [...programmeKeys.all, 'waves', id] as const,
  channels: () => [...programmeKeys.all, 'channels'] as const,
};

/** The tenant's programmes (reach.manage). */
export function useProgrammes() {
  return useQuery({
    queryKey: programmeKeys.list(),
    queryFn: () => api<{ items: Programme[] }>('programmes').then((r) => r.items),
  });
}

/** The channels a programme may send through (names only are shown). */
export function useChannelOptions() {
  return useQuery({
    queryKey: programmeKeys.channels(),
    queryFn: () => api<{ items: TChannelResponse[] }>('channels').then((r) => r.items),
  });
}

/**
 * A programme's waves, newest first. While a wave is still walking its segment (or its invitations are still
 * being sent) the list refreshes every few seconds.
 */
export function useWaves(id: string | undefined) {
  return useQuery({
    queryKey: programmeKeys.waves(id ?? ''),
    queryFn: () => api<{ items: Wave[] }>(`programmes/${id}/waves`).then((r) => r.items),
    enabled: !!id,
    refetchInterval: (q) =>
      (q.state.data ?? []).some((w) => !w.finishedAt || w.invited > w.sent + w.failed) ? 3000 : false,
  });
}

/** Creates a programme (no id) or changes one. */
export function useSaveProgramme(
  callbacks?: MutationCallbacks<Programme, { id?: string; values: Partial<ProgrammeInput> }>,
) {
  return useInvalidatingMutation(
    ({ id, values }: { id?: string; values: Partial<ProgrammeInput> }) =>
      id
        ? api<Programme>(`programmes/${id}`, { method: 'PATCH', body: values })
        : api<Programme>('programmes', { body: values }),
    [programmeKeys.all],
    callbacks,
  );
}

/** Deletes a programme and its wave history (its invitations stay). */
export function useDeleteProgramme(callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (id: string) => api(`programmes/${id}`, { method: 'DELETE' }),
    [programmeKeys.all],
    callbacks,
  );
}

/** Starts a wave now, outside the schedule. */
export function useRunNow(callbacks?: MutationCallbacks<Wave, string>) {
  return useInvalidatingMutation(
    (id: string) => api<Wave>(`programmes/${id}/run-now`, { method: 'POST', body: {} }),
    [programmeKeys.all],
    callbacks,
  );
}

/** Who a wave started now would invite (nothing is written). */
export function usePreview(id: string | undefined) {
  return useQuery({
    queryKey: [...programmeKeys.all, 'preview', id ?? ''],
    queryFn: () => api<Preview>(`programmes/${id}/preview`, { method: 'POST', body: {} }),
    enabled: !!id,
    staleTime: 0,
    gcTime: 0,
  });
}
