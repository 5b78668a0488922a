import type { z } from 'zod';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import {
  checkFormula,
  METRIC_COLUMNS,
  type MetricDefinition,
  type MetricRow,
  presentMetric,
  type ZMetricUpdate,
} from '../definitions.ts';

/** Changes a formula metric of the tenant (only the fields given; a new formula is checked first). */
export async function updateMetricDefinition(
  tx: Executor,
  tenantId: string,
  key: string,
  b: z.output<typeof ZMetricUpdate>,
): Promise<MetricDefinition> {
  const before = await one<MetricRow>(
    tx,
    sql`SELECT ${METRIC_COLUMNS} FROM metric_definitions WHERE tenant_id = ${tenantId} AND key = ${key} FOR UPDATE`,
  );
  if (!before) throw notFound('Metric');
  if (b.formula) await checkFormula(tx, tenantId, b.formula);
  const row = await one<MetricRow>(
    tx,
    sql`UPDATE metric_definitions SET name = ${b.name ?? before.name}, name_en = ${b.nameEn !== undefined ? b.nameEn : before.name_en},
        description = ${b.description !== undefined ? b.description : before.description}, formula = ${b.formula ?? before.formula},
        format = ${b.format ?? before.format}, decimals = ${b.decimals ?? before.decimals}, direction = ${b.direction ?? before.direction},
        target = ${b.target !== undefined ? b.target : before.target}, min_n = ${b.minN ?? before.min_n}, status = ${b.status ?? before.status}, updated_at = now()
      WHERE tenant_id = ${tenantId} AND key = ${key} RETURNING ${METRIC_COLUMNS}`,
  );
  return presentMetric(row!);
}
