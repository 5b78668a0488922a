import type { TLeaderboardResponse, TTargetListResponse, TTargetResponse } from '@loopcx/shared';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api } from '../../lib/api.ts';
import { useLiveEvents } from '../../lib/live.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

export type TargetList = TTargetListResponse;
export type TargetRow = TTargetListResponse['items'][number];
export type Leaderboard = TLeaderboardResponse;
export type LeaderboardEntry = TLeaderboardResponse['items'][number];

/** The metrics a target can be set on (the server refuses others): survey scores, audit and training indicators. */
export const TARGET_METRICS = [
  'nps',
  'csat',
  'ces',
  'responses',
  'audit.fatal_error_rate',
  'audit.general_error_rate',
  'audit.score',
  'training.completion_rate',
  'training.pass_rate',
] as const;

/** The values a target may take, as the server checks them (`targets/metric.ts`, `targets/sources.ts`). */
export function targetRange(metric: string): [number, number] {
  if (metric === 'nps') return [-100, 100];
  if (metric === 'csat' || metric.startsWith('audit.') || metric.startsWith('training.')) return [0, 100];
  if (metric === 'ces') return [1, 7];
  return [0, 1e9];
}

/** Whether a metric is a percentage, so differences from its target are shown in points. */
export const isPercentMetric = (metric: string) => metric === 'csat' || metric.endsWith('_rate');

/** Query keys for targets and leaderboards; every target change invalidates `targetKeys.all`. */
export const targetKeys = {
  all: ['targets'] as const,
  list: (metric: string, period: string, orgUnitId?: string, levels?: number) =>
    [...targetKeys.all, 'list', metric, period, orgUnitId ?? '', levels ?? -1] as const,
  leaderboard: (metric: string, period: string, orgUnitId?: string) =>
    [...targetKeys.all, 'leaderboard', metric, period, orgUnitId ?? ''] as const,
};

const qs = (o: Record<string, string | number | undefined>) =>
  Object.entries(o)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

/**
 * Effective targets per unit under `orgUnitId` (the caller's unit by default), `levels` deep (0: the unit alone).
 * `enabled` false skips the request (a metric that takes no targets).
 */
export function useTargets(
  metric: string,
  period: string,
  opts: { orgUnitId?: string; levels?: number; enabled?: boolean } = {},
) {
  return useQuery({
    queryKey: targetKeys.list(metric, period, opts.orgUnitId, opts.levels),
    queryFn: () => api<TargetList>(`targets?${qs({ metric, period, orgUnitId: opts.orgUnitId, levels: opts.levels })}`),
    enabled: opts.enabled ?? true,
  });
}

/**
 * The effective targets of several metrics for one unit and its children (`levels` 1): what dashboard tiles and
 * rankings show. Metrics that take no targets are skipped (their entry stays without data).
 */
export function useUnitTargets(metrics: readonly string[], period: string, orgUnitId: string) {
  return useQueries({
    queries: metrics.map((metric) => ({
      queryKey: targetKeys.list(metric, period, orgUnitId, 1),
      queryFn: () => api<TargetList>(`targets?${qs({ metric, period, orgUnitId, levels: 1 })}`),
      enabled: (TARGET_METRICS as readonly string[]).includes(metric),
    })),
  });
}

/** A unit ranked among its peers. */
export function useLeaderboard(metric: string, period: string, orgUnitId?: string) {
  return useQuery({
    queryKey: targetKeys.leaderboard(metric, period, orgUnitId),
    queryFn: () => api<Leaderboard>(`leaderboard?${qs({ metric, period, orgUnitId })}`),
  });
}

/** Sets a unit's own target (an override). */
export function useSetTarget(
  callbacks?: MutationCallbacks<TTargetResponse, { metric: string; orgUnitId: string; period: string; value: number }>,
) {
  return useInvalidatingMutation(
    (body: { metric: string; orgUnitId: string; period: string; value: number }) =>
      api<TTargetResponse>('targets', { method: 'PUT', body }),
    [targetKeys.all],
    callbacks,
  );
}

/** Removes a unit's own target, so it inherits again. */
export function useRemoveTarget(
  callbacks?: MutationCallbacks<unknown, { metric: string; orgUnitId: string; period: string }>,
) {
  return useInvalidatingMutation(
    (k: { metric: string; orgUnitId: string; period: string }) => api(`targets?${qs(k)}`, { method: 'DELETE' }),
    [targetKeys.all],
    callbacks,
  );
}

/**
 * Refreshes a page's target numbers when responses arrive, at most every 5 s (counted from the first event, so
 * steady traffic still refreshes), and returns whether the live stream is connected.
 */
export function useLiveTargets(refetch: () => unknown): boolean {
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return useLiveEvents(['responses'], () => {
    timer.current ??= window.setTimeout(() => {
      timer.current = undefined;
      refetch();
    }, 5000);
  });
}
