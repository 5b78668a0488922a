import { governingPeriods, type TargetPeriod } from '@loopcx/shared';

/** A stored target row as resolution needs it. */
export interface TargetRow {
  orgUnitId: string;
  period: string;
  value: number;
}

export interface ResolvedTarget {
  target: number | null;
  source: { orgUnitId: string; period: string } | null;
  /** The unit's own row for exactly this period. */
  override: number | null;
}

/** The unit ids of a materialised path ('/root/…/unit/'), root first. */
export const pathIds = (path: string) => path.split('/').filter(Boolean);

/**
 * Resolves the target in force for a unit (given by its path) and a period. The unit is walked from itself up to
 * the root; at each unit its own period is looked up first, then the quarter, then the year containing it. So the
 * nearest unit wins over the finer period: a store's own Q4 target beats HQ's December target (the store's
 * manager set it for the store), while HQ's December target beats HQ's Q4 target.
 */
export function resolveTarget(path: string, period: TargetPeriod, byKey: Map<string, number>): ResolvedTarget {
  const periods = governingPeriods(period);
  const ids = pathIds(path);
  const own = byKey.get(targetKey(ids[ids.length - 1] ?? '', period.key));
  for (let i = ids.length - 1; i >= 0; i--) {
    for (const p of periods) {
      const v = byKey.get(targetKey(ids[i], p));
      if (v !== undefined) return { target: v, source: { orgUnitId: ids[i], period: p }, override: own ?? null };
    }
  }
  return { target: null, source: null, override: null };
}

export const targetKey = (orgUnitId: string, period: string) => `${orgUnitId}|${period}`;

/** Indexes rows by unit and period for `resolveTarget`. */
export function indexTargets(list: TargetRow[]): Map<string, number> {
  return new Map(list.map((r) => [targetKey(r.orgUnitId, r.period), r.value]));
}
