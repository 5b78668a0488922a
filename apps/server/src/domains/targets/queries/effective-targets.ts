import {
  dayIn,
  governingPeriods,
  parseTargetPeriod,
  type TargetPeriod,
  type TTargetStatus,
  targetStatus,
} from '@loopcx/shared';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { tenantTimeZone } from '../../tenancy/queries/tenant-time-zone.ts';
import { type TargetMetric, targetMetric } from '../metric.ts';
import { indexTargets, type ResolvedTarget, resolveTarget } from '../resolve.ts';
import { type PathUnit, type UnitScore, unitScores } from './unit-scores.ts';

/** A unit's effective target with where the metric stands against it. */
export interface UnitTarget extends ResolvedTarget {
  orgUnitId: string;
  value: number | null;
  n: number;
  ci: [number, number] | null;
  /** null when the unit has no target. */
  status: TTargetStatus | null;
}

export interface EffectiveTargets {
  metric: TargetMetric;
  period: TargetPeriod;
  /** The values cover [period.from, through): the period so far in the tenant's calendar. */
  through: string;
  units: Map<string, UnitTarget>;
}

/** Parses a period key or answers 422 naming `field`. */
export function requirePeriod(key: string, field = 'period'): TargetPeriod {
  const p = parseTargetPeriod(key);
  if (!p) throw invalid(field, 'a month (2026-12), a quarter (2026-Q4) or a year (2026)');
  return p;
}

/** The first day after the period so far: the period's end, or tomorrow while the period runs. */
export function periodThrough(period: TargetPeriod, today: string): string {
  const tomorrow = new Date(Date.parse(today) + 86400_000).toISOString().slice(0, 10);
  if (tomorrow < period.from) return period.from;
  return tomorrow < period.to ? tomorrow : period.to;
}

/** The tenant's units with their paths (resolution walks ancestors that may lie outside the caller's scope). */
export async function tenantUnits(ex: Executor, tenantId: string): Promise<PathUnit[]> {
  return rows<PathUnit>(ex, sql`SELECT id, path FROM org_units WHERE tenant_id = ${tenantId}`);
}

/**
 * Effective targets of `metricKey` for `periodKey` at the given units of one tenant, each with the metric over the
 * unit's subtree for the period so far and its status (`targetStatus`: the 95 % CI against the target). The caller
 * has checked the units are in its scope; ids of other tenants are ignored. Throws 422 for an unknown metric or a
 * malformed period. `now` (from `ctx.clock.now()`) fixes the period so far. For the reports helper and the attention
 * list as much as for GET /targets.
 */
export async function effectiveTargets(
  ex: Executor,
  tenantId: string,
  metricKey: string,
  periodKey: string,
  unitIds: string[],
  now: Date,
): Promise<EffectiveTargets> {
  const metric = await targetMetric(ex, tenantId, metricKey);
  const period = requirePeriod(periodKey);
  const through = periodThrough(period, dayIn(await tenantTimeZone(ex, tenantId), now));
  const all = await tenantUnits(ex, tenantId);
  const wanted = new Set(unitIds);
  const units = all.filter((u) => wanted.has(u.id));
  const stored = await rows<{ orgUnitId: string; period: string; value: number }>(
    ex,
    sql`SELECT org_unit_id::text AS "orgUnitId", period, value FROM metric_targets
        WHERE tenant_id = ${tenantId} AND metric_key = ${metric.key} AND period = ANY(${`{${governingPeriods(period).join(',')}}`}::text[])`,
  );
  const byKey = indexTargets(stored.map((r) => ({ ...r, value: Number(r.value) })));
  const scores = await unitScores(ex, tenantId, metric, period.from, through, units, all);
  const out = new Map<string, UnitTarget>();
  for (const u of units) {
    const resolved = resolveTarget(u.path, period, byKey);
    const s = scores.get(u.id) as UnitScore;
    out.set(u.id, {
      orgUnitId: u.id,
      ...resolved,
      value: s.value,
      n: s.n,
      ci: s.ci,
      status: resolved.target === null ? null : targetStatus(s.value, s.ci, resolved.target, metric.direction),
    });
  }
  return { metric, period, through, units: out };
}
