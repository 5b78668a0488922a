import { addHistograms, compute, emptyHistogram, type Histogram, type MetricValue } from '@loopcx/shared';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { scoreRollupsFor } from '../../metrics/rollup-source.ts';
import { pathWithin } from '../../org/scope.ts';
import type { TargetMetric } from '../metric.ts';
import { pathIds } from '../resolve.ts';

const H = Array.from({ length: 11 }, (_, i) => `h${i}`);
const SUMS = sql.raw(
  `sum(r.n)::float8 AS n, sum(r.sum)::float8 AS sum, sum(r.sumsq)::float8 AS sumsq, ${H.map((h) => `sum(r.${h})::float8 AS ${h}`).join(', ')}`,
);

export type UnitScore = MetricValue & { suppressed: boolean };

/** A unit as score aggregation needs it. */
export interface PathUnit {
  id: string;
  path: string;
}

/**
 * The metric over each given unit's whole subtree for tenant-local days [from, through), from score rollups only:
 * one query grouped by the unit a rollup row belongs to (`allUnits` lists the tenant's units with their paths, at
 * least every unit under the given ones), then each row's histogram is added to every given unit on its path.
 * The maths (CI, min n) is `compute` from `@loopcx/shared`, as on every dashboard.
 */
export async function unitScores(
  ex: Executor,
  tenantId: string,
  metric: TargetMetric,
  from: string,
  through: string,
  units: PathUnit[],
  allUnits: PathUnit[],
): Promise<Map<string, UnitScore>> {
  const hists = await unitHistograms(ex, tenantId, metric, from, through, units, allUnits);
  return new Map(
    [...hists].map(([id, h]) => [id, compute(metric.kind, h, { minN: metric.minN })] as [string, UnitScore]),
  );
}

/** The raw histograms per unit subtree, for callers that pool units themselves (the leaderboard). */
export async function unitHistograms(
  ex: Executor,
  tenantId: string,
  metric: TargetMetric,
  from: string,
  through: string,
  units: PathUnit[],
  allUnits: PathUnit[],
): Promise<Map<string, Histogram>> {
  const out = new Map<string, Histogram>(units.map((u) => [u.id, emptyHistogram()]));
  if (from >= through || units.length === 0) return out;
  const wanted = new Set(units.map((u) => u.id));
  const under = allUnits.filter((u) => units.some((r) => pathWithin(u.path, r.path)));
  const paths = new Map(under.map((u) => [u.id, u.path]));
  const list = await rows<Record<string, unknown>>(
    ex,
    sql`SELECT r.org_unit_id::text AS unit, ${SUMS} FROM ${scoreRollupsFor(tenantId, from, through)}
        WHERE r.binding = ${metric.binding} AND r.org_unit_id = ANY(${`{${[...paths.keys()].join(',')}}`}::uuid[])
        GROUP BY r.org_unit_id`,
  );
  for (const r of list) {
    const h: Histogram = {
      n: Number(r.n ?? 0),
      sum: Number(r.sum ?? 0),
      sumsq: Number(r.sumsq ?? 0),
      h: H.map((k) => Number(r[k] ?? 0)),
    };
    for (const id of pathIds(paths.get(String(r.unit)) ?? '')) {
      if (wanted.has(id)) out.set(id, addHistograms(out.get(id)!, h));
    }
  }
  return out;
}
