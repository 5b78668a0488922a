import type {
  TKeyDriversResponse,
  TMetricQueryResponse,
  TMetricQueryRow,
  TSavedDashboardResponse,
} from '@loopcx/shared';
import { type QueryKey, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';
import type { MetricDef } from '../metric-defs/api.ts';

/** One row of POST /metrics/query: a unit, touchpoint or period with its value and interval. */
export type MetricRow = TMetricQueryRow;
/** POST /metrics/query's answer. */
export type MetricResult = TMetricQueryResponse;
/** What every dashboard metric query shares: unit, period, touchpoint and customer group. */
export interface MetricScope {
  unitId: string;
  days: number;
  from: string;
  to: string;
  touchpointId?: string;
  /** `tier:<name>` or `segment:<id>`; narrows the survey metrics only (formula metrics ignore it). */
  group?: string;
}

/** The survey metrics the customer-group filter applies to. */
export const SURVEY_METRICS = ['nps', 'csat', 'ces', 'responses'] as const;

/**
 * Query keys for metric values. Position 5 is the view (`tile`, `week`, `month`, `children`, `tp`, `heat`): live
 * refreshes pick tiles and their trend lines by it ({@link isTileKey}), so keep the positions when adding keys.
 */
export const metricKeys = {
  all: ['metric'] as const,
  query: (metric: string, s: MetricScope, view: string, ...rest: string[]) =>
    [...metricKeys.all, metric, s.unitId, s.days, s.touchpointId ?? 'all', view, ...rest] as const,
  drivers: (unitId: string, days: number) => ['drivers', unitId, days] as const,
};

/** Whether a metric query is a tile or a tile's trend line (refreshed fast on live events). */
export const isTileKey = (key: QueryKey) => key[5] === 'tile' || key[5] === 'week' || key[5] === 'month';

/** Query keys for saved dashboards. */
export const savedDashboardKeys = {
  all: ['saved-dashboards'] as const,
  list: () => [...savedDashboardKeys.all, 'list'] as const,
};

/** POST /metrics/query within a scope; `body` names the metric and grouping and may override the scope. */
function queryMetric(s: MetricScope, body: Record<string, unknown>) {
  const groupFilter =
    !s.group || !(SURVEY_METRICS as readonly string[]).includes(String(body.metric))
      ? {}
      : s.group.startsWith('tier:')
        ? { tier: s.group.slice(5) }
        : { segmentId: s.group.slice(8) };
  return api<MetricResult>('metrics/query', {
    body: {
      orgUnitId: s.unitId,
      from: s.from,
      to: s.to,
      ...(s.touchpointId ? { touchpointId: s.touchpointId } : {}),
      ...groupFilter,
      ...body,
    },
  });
}

/** One value per metric with the change against the previous period. */
export function useMetricTiles(s: MetricScope, metrics: string[]) {
  const groupKey = s.group ?? 'everyone';
  return useQueries({
    queries: metrics.map((m) => ({
      queryKey: metricKeys.query(m, s, 'tile', groupKey),
      queryFn: () => queryMetric(s, { metric: m, compareTo: 'previous' }),
    })),
  });
}

/** Each metric by week or month (the tiles' trend lines). */
export function useMetricTrends(s: MetricScope, metrics: string[], by: 'week' | 'month') {
  const groupKey = s.group ?? 'everyone';
  return useQueries({
    queries: metrics.map((m) => ({
      queryKey: metricKeys.query(m, s, by, groupKey),
      queryFn: () => queryMetric(s, { metric: m, groupBy: by, minN: 1 }),
    })),
  });
}

/** The unit's children ranked by one metric. */
export function useMetricRanking(s: MetricScope, metric: string) {
  return useQuery({
    queryKey: metricKeys.query(metric, s, 'children', s.group ?? 'everyone'),
    queryFn: () => queryMetric(s, { metric, groupBy: 'children' }),
  });
}

/** CSAT per touchpoint. */
export function useTouchpointBreakdown(s: MetricScope) {
  return useQuery({
    queryKey: metricKeys.query('csat', s, 'tp', s.group ?? 'everyone'),
    queryFn: () => queryMetric(s, { metric: 'csat', groupBy: 'touchpoint', minN: 1 }),
  });
}

/** CSAT per child unit for each touchpoint row (the heatmap). */
export function useHeatmap(s: MetricScope, touchpointRows: MetricRow[]) {
  const groupKey = s.group ?? 'everyone';
  return useQueries({
    queries: touchpointRows
      .filter((r) => r.key && r.key !== 'null')
      .map((tp) => ({
        queryKey: metricKeys.query('csat', s, 'heat', tp.key, groupKey),
        queryFn: () =>
          queryMetric(s, { metric: 'csat', touchpointId: tp.key, groupBy: 'children' }).then((r) => ({
            tp,
            rows: r.rows,
          })),
      })),
  });
}

/** NPS key drivers over the period (an analysis over up to 50,000 responses). */
export function useDrivers(s: MetricScope) {
  return useQuery({
    queryKey: metricKeys.drivers(s.unitId, s.days),
    queryFn: () =>
      api<TKeyDriversResponse>(`metrics/drivers?metric=nps&orgUnitId=${s.unitId}&from=${s.from}&to=${s.to}`),
  });
}

/** Each formula metric's tile value (no customer-group filter: formulas read events). */
export function useFormulaTiles(defs: MetricDef[], s: MetricScope) {
  return useQueries({
    queries: defs.map((d) => ({
      queryKey: metricKeys.query(d.key, s, 'tile'),
      queryFn: () =>
        api<MetricResult>('metrics/query', {
          body: {
            metric: d.key,
            orgUnitId: s.unitId,
            from: s.from,
            to: s.to,
            compareTo: 'previous',
            ...(s.touchpointId ? { touchpointId: s.touchpointId } : {}),
          },
        }),
    })),
  });
}

/** Refreshers for live events: `tiles` (tiles and trend lines) and `rest` (ranking, breakdown, heatmap). */
export function useMetricRefresh() {
  const queryClient = useQueryClient();
  return useMemo(
    () => ({
      tiles: () =>
        void queryClient.invalidateQueries({ queryKey: metricKeys.all, predicate: (q) => isTileKey(q.queryKey) }),
      rest: () =>
        void queryClient.invalidateQueries({ queryKey: metricKeys.all, predicate: (q) => !isTileKey(q.queryKey) }),
    }),
    [queryClient],
  );
}

/** Saved dashboard views: the caller's and those shared in the tenant. */
export function useSavedDashboards() {
  return useQuery({
    queryKey: savedDashboardKeys.list(),
    queryFn: () => api<{ items: TSavedDashboardResponse[] }>('dashboards').then((r) => r.items),
  });
}

/** Saves a view: overwrites `id` when given, otherwise creates one. */
export function useSaveDashboard(
  callbacks?: MutationCallbacks<TSavedDashboardResponse, { id?: string; body: Record<string, unknown> }>,
) {
  return useInvalidatingMutation(
    (v: { id?: string; body: Record<string, unknown> }) =>
      v.id
        ? api<TSavedDashboardResponse>(`dashboards/${v.id}`, { method: 'PATCH', body: v.body })
        : api<TSavedDashboardResponse>('dashboards', { body: v.body }),
    [savedDashboardKeys.all],
    callbacks,
  );
}

/** Shares or unshares a view. */
export function useShareDashboard(callbacks?: MutationCallbacks<unknown, TSavedDashboardResponse>) {
  return useInvalidatingMutation(
    (d: TSavedDashboardResponse) => api(`dashboards/${d.id}`, { method: 'PATCH', body: { shared: !d.shared } }),
    [savedDashboardKeys.all],
    callbacks,
  );
}

/** Deletes a view. */
export function useDeleteDashboard(callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (id: string) => api(`dashboards/${id}`, { method: 'DELETE' }),
    [savedDashboardKeys.all],
    callbacks,
  );
}
