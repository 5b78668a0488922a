import {
  addHistograms,
  compute,
  emptyHistogram,
  type Histogram,
  type MetricKind,
  type MetricValue,
  sampleValue,
} from '@loopcx/shared';
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
 * What a unit's value is computed from: a score histogram (survey metrics; k unused) or a sample's k, n, sum and
 * sumsq (non-survey metrics; h empty). Pools of disjoint units add up, so peers can be pooled and left out again.
 */
export interface Pool extends Histogram {
  k: number;
}

export const emptyPool = (): Pool => ({ ...emptyHistogram(), k: 0 });

/** a + sign·b, element-wise (sign −1: the leaderboard's leave-one-out). */
export function addPools(a: Pool, b: Pool, sign: 1 | -1 = 1): Pool {
  const h = a.h.length >= b.h.length ? a.h : b.h;
  return {
    k: a.k + sign * b.k,
    n: a.n + sign * b.n,
    sum: a.sum + sign * b.sum,
    sumsq: a.sumsq + sign * b.sumsq,
    h: h.map((_, i) => (a.h[i] ?? 0) + sign * (b.h[i] ?? 0)),
  };
}

/**
 * A pool's value with its CI and suppression: `compute` for survey metrics as on every dashboard, `sampleValue`
 * (Wilson proportion or t mean) for the registered non-survey metrics as POST /metrics/query gives them.
 */
export function poolValue(metric: TargetMetric, p: Pool): UnitScore {
  if (metric.sampler || metric.kind === 'proportion')
    return sampleValue(metric.kind === 'proportion' ? 'proportion' : 'mean', p, metric.minN);
  return compute(metric.kind as MetricKind, p, { minN: metric.minN });
}

/**
 * The metric over each given unit's whole subtree for tenant-local days [from, through) (`allUnits` lists the
 * tenant's units with their paths, at least every unit under the given ones), from `unitPools`.
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
  const pools = await unitPools(ex, tenantId, metric, from, through, units, allUnits);
  return new Map([...pools].map(([id, p]) => [id, poolValue(metric, p)] as [string, UnitScore]));
}

/**
 * The pool per given unit subtree, for callers that pool units themselves (the leaderboard): score rollups for a
 * survey metric, the metric's registered sampler otherwise (units without a sample get an empty pool).
 */
export async function unitPools(
  ex: Executor,
  tenantId: string,
  metric: TargetMetric,
  from: string,
  through: string,
  units: PathUnit[],
  allUnits: PathUnit[],
): Promise<Map<string, Pool>> {
  if (!metric.sampler) {
    const hists = await unitHistograms(ex, tenantId, metric, from, through, units, allUnits);
    return new Map([...hists].map(([id, h]) => [id, { ...h, k: 0 }]));
  }
  const samples = await metric.sampler(ex, tenantId, metric.key, from, through, units);
  return new Map(units.map((u) => [u.id, { ...emptyPool(), ...samples.get(u.id), h: [] }]));
}

/**
 * A survey metric's histograms per unit subtree from score rollups only: one query grouped by the unit a rollup row
 * belongs to, then each row's histogram is added to every given unit on its path.
 */
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
