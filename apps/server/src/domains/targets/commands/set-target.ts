import { randomUUID } from 'node:crypto';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { one, sql, type Tx } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { requireUnitInScope } from '../../org/scope.ts';
import { targetMetric } from '../metric.ts';
import { requirePeriod } from '../queries/effective-targets.ts';

export interface SetTargetOptions {
  metric: string;
  orgUnitId: string;
  period: string;
  value: number;
}

/** A stored target row as the API presents it. */
export interface TargetRecord {
  id: string;
  metric_key: string;
  org_unit_id: string;
  period: string;
  value: number;
  set_by: string | null;
  updated_at: Date | string;
}

/**
 * Sets (inserts or replaces) the target of a metric at a unit for a period. The unit must be in the caller's
 * subtree (404 otherwise, as for another tenant's unit); the metric must take targets and the value lie in the
 * metric's range (422).
 */
export async function setTarget(tx: Tx, actor: Actor, o: SetTargetOptions, now: Date): Promise<TargetRecord> {
  const metric = await targetMetric(tx, actor.tenantId, o.metric);
  const period = requirePeriod(o.period);
  const [lo, hi] = metric.range;
  if (!(o.value >= lo && o.value <= hi)) throw invalid('value', `between ${lo} and ${hi} for ${metric.key}`);
  const unit = await requireUnitInScope(tx, actor, o.orgUnitId);
  const before = await one<{ value: number }>(
    tx,
    sql`SELECT value FROM metric_targets WHERE tenant_id = ${actor.tenantId} AND metric_key = ${metric.key}
        AND period = ${period.key} AND org_unit_id = ${unit.id}`,
  );
  const row = await one<TargetRecord>(
    tx,
    sql`INSERT INTO metric_targets (tenant_id, id, metric_key, org_unit_id, period, value, set_by, created_at, updated_at)
        VALUES (${actor.tenantId}, ${randomUUID()}, ${metric.key}, ${unit.id}, ${period.key}, ${o.value},
                ${actor.kind === 'user' ? actor.id : null}, ${now}, ${now})
        ON CONFLICT (tenant_id, metric_key, period, org_unit_id)
        DO UPDATE SET value = EXCLUDED.value, set_by = EXCLUDED.set_by, updated_at = EXCLUDED.updated_at
        RETURNING id::text, metric_key, org_unit_id::text, period, value, set_by::text, updated_at`,
  );
  await audit(
    tx,
    actor,
    'target.set',
    'metric_target',
    row!.id,
    { metric: metric.key, orgUnitId: unit.id, period: period.key, value: o.value },
    before ? { value: Number(before.value) } : undefined,
  );
  return row!;
}
