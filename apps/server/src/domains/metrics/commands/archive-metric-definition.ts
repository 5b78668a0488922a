import { type Executor, one, sql } from '../../../platform/db.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import {
  BUILTIN_METRICS,
  METRIC_COLUMNS,
  type MetricDefinition,
  type MetricRow,
  presentMetric,
} from '../definitions.ts';

/** Archives a formula metric of the tenant; a built-in key is a 409 (read-only), any other unknown key a 404. */
export async function archiveMetricDefinition(ex: Executor, tenantId: string, key: string): Promise<MetricDefinition> {
  const row = await one<MetricRow>(
    ex,
    sql`UPDATE metric_definitions SET status = 'archived', updated_at = now() WHERE tenant_id = ${tenantId} AND key = ${key} RETURNING ${METRIC_COLUMNS}`,
  );
  if (!row)
    throw BUILTIN_METRICS.some((m) => m.key === key)
      ? new AppError('conflict', 'Built-in metrics are read-only')
      : notFound('Metric');
  return presentMetric(row);
}
