import type { TReportModel, TReportRunResponse, TReportScheduleResponse, TUserResponse } from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

export type ReportModel = TReportModel;
export type Schedule = TReportScheduleResponse;
export type Run = TReportRunResponse;
export interface ScheduleInput {
  name?: string;
  orgUnitId?: string;
  every?: Schedule['every'];
  recipientUserIds?: string[];
  recipientEmails?: string[];
  locale?: Schedule['locale'];
  enabled?: boolean;
}

/** Query keys of reports: one report, the schedules, a schedule's history, the colleagues to choose from. */
export const reportKeys = {
  all: ['reports'] as const,
  report: (unit: string, period: string, locale: string) => [...reportKeys.all, 'view', unit, period, locale] as const,
  schedules: () => [...reportKeys.all, 'schedules'] as const,
  runs: (id: string) => [...reportKeys.all, 'runs', id] as const,
  users: () => [...reportKeys.all, 'users'] as const,
};

const query = (unit: string, period: string, locale: string) =>
  `orgUnitId=${encodeURIComponent(unit)}&period=${encodeURIComponent(period)}&locale=${encodeURIComponent(locale)}`;

/** The report of a unit and period, in the console's language. */
export function useReport(unit: string, period: string, locale: 'zh-CN' | 'en') {
  return useQuery({
    queryKey: reportKeys.report(unit, period, locale),
    queryFn: () => api<ReportModel>(`reports/view?${query(unit, period, locale)}`),
    retry: false,
  });
}

/** Where the same report downloads as a PDF rendered now. */
export const previewPdfUrl = (unit: string, period: string, locale: string) =>
  `/api/v1/reports/preview.pdf?${query(unit, period, locale)}`;

/** Where a sent report's stored PDF downloads. */
export const runPdfUrl = (run: Run) => `/api/v1/reports/runs/${encodeURIComponent(run.id)}/pdf`;

export function useSchedules() {
  return useQuery({
    queryKey: reportKeys.schedules(),
    queryFn: () => api<{ items: Schedule[] }>('report-schedules').then((r) => r.items),
  });
}

/** A schedule's sent reports, newest first; refreshes while one is still rendering. */
export function useRuns(id: string | undefined) {
  return useQuery({
    queryKey: reportKeys.runs(id ?? ''),
    queryFn: () => api<{ items: Run[] }>(`report-schedules/${id}/runs`).then((r) => r.items),
    enabled: !!id,
    refetchInterval: (q) => ((q.state.data ?? []).some((r) => r.status === 'rendering') ? 3000 : false),
  });
}

/** Colleagues in the caller's scope (recipients); empty for roles that may not list users. */
export function useColleagues(enabled: boolean) {
  return useQuery({
    queryKey: reportKeys.users(),
    queryFn: () => api<{ items: TUserResponse[] }>('users').then((r) => r.items),
    enabled,
  });
}

export function useSaveSchedule(callbacks?: MutationCallbacks<Schedule, { id?: string; values: ScheduleInput }>) {
  return useInvalidatingMutation(
    ({ id, values }: { id?: string; values: ScheduleInput }) =>
      id
        ? api<Schedule>(`report-schedules/${id}`, { method: 'PATCH', body: values })
        : api<Schedule>('report-schedules', { body: values }),
    [reportKeys.all],
    callbacks,
  );
}

export function useDeleteSchedule(callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (id: string) => api(`report-schedules/${id}`, { method: 'DELETE' }),
    [reportKeys.all],
    callbacks,
  );
}
