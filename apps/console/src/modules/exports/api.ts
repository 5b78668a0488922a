import type { TExportRunResponse, TExportScheduleResponse, TExportScheduleWithSecretResponse } from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

export type ExportSchedule = TExportScheduleResponse;
export type ExportRun = TExportRunResponse;

/** What the create form sends. */
export interface ExportScheduleInput {
  name?: string;
  dataset: ExportSchedule['dataset'];
  format: ExportSchedule['format'];
  every: ExportSchedule['every'];
  destination: ExportSchedule['destination'];
  orgUnitId?: string;
}

/** Query keys for export schedules. */
export const exportKeys = {
  all: ['export-schedules'] as const,
  list: () => [...exportKeys.all, 'list'] as const,
  runs: (id: string) => [...exportKeys.all, 'runs', id] as const,
};

/** A run is under way, or due (just asked for with "run now", or waiting for the next tick). */
const busy = (s: ExportSchedule) =>
  s.lastRun?.status === 'running' || (s.enabled && new Date(s.nextRunAt).getTime() <= Date.now());

/** The schedules in the caller's scope; polled while a run is under way or due. */
export function useExportSchedules() {
  return useQuery({
    queryKey: exportKeys.list(),
    queryFn: () => api<{ items: ExportSchedule[] }>('export-schedules').then((r) => r.items),
    refetchInterval: (q) => (q.state.data?.some(busy) ? 3000 : false),
  });
}

/** A schedule's run history, newest first. */
export function useExportRuns(id: string | undefined) {
  return useQuery({
    queryKey: exportKeys.runs(id ?? ''),
    queryFn: () => api<{ items: ExportRun[] }>(`export-schedules/${id}/runs`).then((r) => r.items),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data?.[0]?.status === 'running' ? 2000 : false),
  });
}

/** Creates a schedule; the answer carries its upload-signing secret, never shown again. */
export function useCreateExportSchedule(
  callbacks?: MutationCallbacks<TExportScheduleWithSecretResponse, ExportScheduleInput>,
) {
  return useInvalidatingMutation(
    (v: ExportScheduleInput) => api<TExportScheduleWithSecretResponse>('export-schedules', { body: v }),
    [exportKeys.all],
    callbacks,
  );
}

/** Switches a schedule on or off. */
export function useToggleExportSchedule(callbacks?: MutationCallbacks<unknown, { id: string; enabled: boolean }>) {
  return useInvalidatingMutation(
    ({ id, enabled }: { id: string; enabled: boolean }) =>
      api(`export-schedules/${id}`, { method: 'PATCH', body: { enabled } }),
    [exportKeys.all],
    callbacks,
  );
}

/** "Run now". */
export function useRunExportNow(callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (id: string) => api(`export-schedules/${id}/run`, { method: 'POST', body: {} }),
    [exportKeys.all],
    callbacks,
  );
}

/** Deletes a schedule with its history. */
export function useDeleteExportSchedule(callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (id: string) => api(`export-schedules/${id}`, { method: 'DELETE' }),
    [exportKeys.all],
    callbacks,
  );
}
