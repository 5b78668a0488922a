import type { Executor } from '../../../platform/db.ts';
import { rows, sql } from '../../../platform/db.ts';
import { pathUnderUnit } from '../../org/scope.ts';
import { tenantTimeZone } from '../../tenancy/queries/tenant-time-zone.ts';
import { inDays, proportionSums, trainingCounts, trainingMetric } from './training-sums.ts';

/** k of n for a proportion (value = 100·k/n %, Wilson CI); n, sum, sumsq of 0–100 values for a mean. */
export interface UnitSample {
  k: number;
  n: number;
  sum: number;
  sumsq: number;
}

/**
 * The targets seam (contract with `domains/targets`): per given unit, the sample of a training metric over the
 * unit's whole subtree for the tenant's days [from, through). Both training metrics are proportions. A unit with
 * no assignment in the period gets a zero sample. Unknown metric keys answer 422.
 */
export async function trainingUnitSamples(
  ex: Executor,
  tenantId: string,
  metricKey: string,
  from: string,
  through: string,
  units: { id: string; path: string }[],
): Promise<Map<string, UnitSample>> {
  const { at, hit } = trainingCounts(trainingMetric(metricKey));
  const out = new Map<string, UnitSample>(units.map((u) => [u.id, { k: 0, n: 0, sum: 0, sumsq: 0 }]));
  if (!units.length) return out;
  const tz = await tenantTimeZone(ex, tenantId);
  const list = await rows<{ id: string; k: number; n: number; sum: number; sumsq: number }>(
    ex,
    sql`SELECT u.id::text AS id, ${proportionSums(hit)}
        FROM jsonb_to_recordset(${JSON.stringify(units)}::jsonb) AS u(id uuid, path text)
        JOIN org_units o ON o.tenant_id = ${tenantId} AND ${pathUnderUnit('o', 'u')}
        JOIN training_assignments a ON a.tenant_id = o.tenant_id AND a.org_unit_id = o.id
        WHERE ${inDays(at, from, through, tz)}
        GROUP BY u.id`,
  );
  for (const r of list) out.set(r.id, { k: Number(r.k), n: Number(r.n), sum: Number(r.sum), sumsq: Number(r.sumsq) });
  return out;
}
