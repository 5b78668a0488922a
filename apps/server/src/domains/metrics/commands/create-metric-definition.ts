import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { conflict } from '../../../platform/errors.ts';
import {
  checkFormula,
  METRIC_COLUMNS,
  type MetricDefinition,
  type MetricRow,
  presentMetric,
  type ZMetricCreate,
} from '../definitions.ts';

/** Defines a formula metric of the tenant after checking its formula; a key already taken is a 409. */
export async function createMetricDefinition(
  tx: Executor,
  actor: Actor,
  b: z.output<typeof ZMetricCreate>,
): Promise<MetricDefinition> {
  await checkFormula(tx, actor.tenantId, b.formula);
  const row = await one<MetricRow>(
    tx,
    sql`INSERT INTO metric_definitions (tenant_id, id, key, name, name_en, description, formula, format, decimals, direction, target, min_n, created_by)
      VALUES (${actor.tenantId}, ${randomUUID()}, ${b.key}, ${b.name}, ${b.nameEn ?? null}, ${b.description ?? null}, ${b.formula}, ${b.format}, ${b.decimals},
              ${b.direction}, ${b.target ?? null}, ${b.minN}, ${actor.kind === 'user' ? actor.id : null})
      ON CONFLICT (tenant_id, key) DO NOTHING
      RETURNING ${METRIC_COLUMNS}`,
  );
  if (!row) throw conflict(`A metric ${b.key} already exists`, 'key');
  return presentMetric(row);
}
