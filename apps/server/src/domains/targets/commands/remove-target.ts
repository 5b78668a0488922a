import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { one, sql, type Tx } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { requireUnitInScope } from '../../org/scope.ts';
import { targetMetric } from '../metric.ts';
import { requirePeriod } from '../queries/effective-targets.ts';

/**
 * Removes a unit's own target for a period (an override), so the unit inherits again. 404 when the unit is not in
 * the caller's subtree or has no target of its own for that metric and period.
 */
export async function removeTarget(
  tx: Tx,
  actor: Actor,
  o: { metric: string; orgUnitId: string; period: string },
): Promise<void> {
  const metric = await targetMetric(tx, actor.tenantId, o.metric);
  const period = requirePeriod(o.period);
  const unit = await requireUnitInScope(tx, actor, o.orgUnitId);
  const gone = await one<{ id: string; value: number }>(
    tx,
    sql`DELETE FROM metric_targets WHERE tenant_id = ${actor.tenantId} AND metric_key = ${metric.key}
        AND period = ${period.key} AND org_unit_id = ${unit.id} RETURNING id::text, value`,
  );
  if (!gone) throw notFound('Target');
  await audit(tx, actor, 'target.remove', 'metric_target', gone.id, undefined, {
    metric: metric.key,
    orgUnitId: unit.id,
    period: period.key,
    value: Number(gone.value),
  });
}
