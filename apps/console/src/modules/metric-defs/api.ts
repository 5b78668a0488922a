import type { TMetricDefinitionResponse, TMetricQueryRow } from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';
import { metricKeys } from '../dashboards/api.ts';

/** A metric definition (built-in or a tenant formula) as GET /metrics lists it. */
export type MetricDef = TMetricDefinitionResponse;

/** The preview value of a formula over the last 30 days. */
export type PreviewRow = TMetricQueryRow;

/** Query keys for metric definitions and the formula preview. */
export const metricDefinitionKeys = {
  all: ['metric-definitions'] as const,
  list: () => [...metricDefinitionKeys.all, 'list'] as const,
  preview: (formula: string, minN: number) => ['metric-preview', formula, minN] as const,
};

/** Every metric definition of the tenant (dashboards show the formula ones as tiles). */
export function useMetricDefinitions() {
  return useQuery({
    queryKey: metricDefinitionKeys.list(),
    queryFn: () => api<{ items: MetricDef[] }>('metrics').then((r) => r.items),
  });
}

/** A formula's value over `from`–`to` at `orgUnitId`, checked by the server (no retry: errors are the answer). */
export function useFormulaPreview(
  formula: string,
  minN: number,
  period: { orgUnitId: string; from: string; to: string },
  enabled: boolean,
) {
  return useQuery({
    queryKey: metricDefinitionKeys.preview(formula, minN),
    enabled,
    retry: false,
    queryFn: () =>
      api<{ rows: PreviewRow[] }>('metrics/query', {
        body: { metric: 'preview', formula, ...period, minN },
      }).then((r) => r.rows[0]),
  });
}

/** Creates a metric, or updates `editingKey`; every metric value on screen is refetched. */
export function useSaveMetric(
  editingKey: string | undefined,
  callbacks?: MutationCallbacks<unknown, Record<string, unknown>>,
) {
  return useInvalidatingMutation(
    ({ key, ...v }: Record<string, unknown>) =>
      editingKey ? api(`metrics/${editingKey}`, { method: 'PATCH', body: v }) : api('metrics', { body: { key, ...v } }),
    [metricDefinitionKeys.all, metricKeys.all],
    callbacks,
  );
}

/** Archives or reactivates a metric. */
export function useSetMetricStatus(
  callbacks?: MutationCallbacks<unknown, { key: string; status: 'active' | 'archived' }>,
) {
  return useInvalidatingMutation(
    (v: { key: string; status: 'active' | 'archived' }) =>
      api(`metrics/${v.key}`, { method: 'PATCH', body: { status: v.status } }),
    [metricDefinitionKeys.all],
    callbacks,
  );
}
