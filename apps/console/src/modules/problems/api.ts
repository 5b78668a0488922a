import type {
  TMyTasksResponse,
  TOnTimeRateResponse,
  TProblemDetailResponse,
  TProblemResponse,
  TProblemTask,
} from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

/** A problem as GET /problems lists it. */
export type Problem = TProblemResponse;
/** The problem page's data. */
export type ProblemDetail = TProblemDetailResponse;
/** One department task. */
export type ProblemTask = TProblemTask;
/** A task in "my tasks". */
export type MyTask = TMyTasksResponse['items'][number];

/** Filters of the problems list. */
export interface ProblemFilters {
  status?: string;
  ownerId?: string;
  teamId?: string;
  overdue?: boolean;
}

/** Query keys for problems. */
export const problemKeys = {
  all: ['problems'] as const,
  list: (f: ProblemFilters) => [...problemKeys.all, 'list', f] as const,
  detail: (id: string | undefined) => [...problemKeys.all, 'detail', id] as const,
  mine: () => [...problemKeys.all, 'mine'] as const,
  onTime: (by: string, from: string, to: string) => [...problemKeys.all, 'on-time', by, from, to] as const,
};

/** The problems the caller sees, filtered. */
export function useProblems(f: ProblemFilters) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '' && v !== false) q.set(k, String(v));
  return useQuery({
    queryKey: problemKeys.list(f),
    queryFn: () => api<{ items: Problem[] }>(`problems?${q}`).then((r) => r.items),
  });
}

/** One problem with tasks, evidence, timeline, on-time rate and its action's effect. */
export function useProblem(id: string | undefined) {
  return useQuery({
    queryKey: problemKeys.detail(id),
    queryFn: () => api<ProblemDetail>(`problems/${id}`),
    enabled: !!id,
  });
}

/** The caller's tasks (to work on, or awaiting their acceptance). */
export function useMyTasks() {
  return useQuery({
    queryKey: problemKeys.mine(),
    queryFn: () => api<{ items: MyTask[] }>('problems/tasks/mine').then((r) => r.items),
  });
}

/** On-time rate of tasks due in a period, per team or per unit. */
export function useOnTimeRate(by: 'team' | 'unit', from: string, to: string) {
  return useQuery({
    queryKey: problemKeys.onTime(by, from, to),
    queryFn: () => api<TOnTimeRateResponse>(`problems/on-time-rate?by=${by}&from=${from}&to=${to}`),
  });
}

/** A new problem as the form fills it. */
export interface NewProblem {
  title: string;
  description?: string;
  rootCauseId?: string;
  ticketIds?: string[];
  sourceTopic?: string;
  tasks: Array<{ teamId?: string; orgUnitId?: string; title: string; dueAt: string }>;
}

/** Opens a problem; answers its detail. */
export function useCreateProblem(callbacks?: MutationCallbacks<ProblemDetail, NewProblem>) {
  return useInvalidatingMutation(
    (v: NewProblem) => api<ProblemDetail>('problems', { body: v }),
    [problemKeys.all],
    callbacks,
  );
}

/** Any POST on a problem (task moves, evidence, action, close) answering its detail. */
export function useProblemCommand(
  problemId: string | undefined,
  callbacks?: MutationCallbacks<ProblemDetail, { path: string; body?: unknown }>,
) {
  return useInvalidatingMutation(
    (v: { path: string; body?: unknown }) =>
      api<ProblemDetail>(`problems/${problemId}/${v.path}`, { method: 'POST', body: v.body ?? {} }),
    [problemKeys.all],
    callbacks,
  );
}
