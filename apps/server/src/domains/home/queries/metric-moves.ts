import { addDays, dayIn, emptyHistogram, type Histogram, type TMetricMove } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { orgScope, unitIdsUnder } from '../../org/scope.ts';
import { tenantTimeZone } from '../../tenancy/queries/tenant-time-zone.ts';
import { type Move, meanMove, npsMove, topBoxMove } from '../significance.ts';

/** The metrics the home page watches, the rollup binding each reads, and its test. */
const WATCHED = [
  { metric: 'nps', binding: 'nps', test: npsMove },
  { metric: 'csat', binding: 'csat', test: (a: Histogram, b: Histogram) => topBoxMove(a, b, 5) },
  { metric: 'ces', binding: 'ces', test: meanMove },
] as const;
/** Units tested: the caller's unit and two levels below it (a region: its cities and their stores). */
const LEVELS = 2;
const H = Array.from({ length: 11 }, (_, i) => `h${i}`);

/** The compared windows in the tenant's days (to exclusive): the last 7 days, today included, and the 7 before. */
export async function homePeriods(db: Executor, tenantId: string, now: Date) {
  const today = dayIn(await tenantTimeZone(db, tenantId), now);
  return {
    current: { from: addDays(today, -6), to: addDays(today, 1) },
    previous: { from: addDays(today, -13), to: addDays(today, -6) },
  };
}

/**
 * Every watched metric of every unit from the caller's down two levels, this week against last week, with its
 * test (see significance.ts). One read of 14 days of daily score rollups of the caller's subtree, grouped by unit,
 * metric and week, then summed up the tree in memory: the cost is the subtree's units × 14 days, not responses.
 */
export async function metricMoves(db: Executor, actor: Actor, now: Date): Promise<Array<Omit<TMetricMove, 'link'>>> {
  const periods = await homePeriods(db, actor.tenantId, now);
  const units = await rows<{
    id: string;
    path: string;
    name: string;
    name_en: string | null;
    kind: string;
    depth: number;
  }>(db, sql`SELECT o.id, o.path, o.name, o.name_en, o.kind, o.depth FROM org_units o WHERE ${orgScope(actor, 'o')}`);
  const self = units.find((u) => u.id === actor.orgUnitId);
  if (!self) return [];
  const tested = units.filter((u) => u.depth <= self.depth + LEVELS);
  const sums = await rows<Record<string, string | number> & { org_unit_id: string; binding: string; cur: boolean }>(
    db,
    sql`SELECT r.org_unit_id, r.binding, r.day >= ${periods.current.from} AS cur,
          sum(r.n)::float8 AS n, sum(r.sum)::float8 AS sum, sum(r.sumsq)::float8 AS sumsq,
          ${sql.raw(H.map((h) => `sum(r.${h})::float8 AS ${h}`).join(', '))}
        FROM score_rollups r
        WHERE r.tenant_id = ${actor.tenantId} AND r.binding IN ('nps','csat','ces')
          AND r.day >= ${periods.previous.from} AND r.day < ${periods.current.to}
          AND r.org_unit_id IN (${unitIdsUnder(actor.tenantId, actor.orgPath)})
        GROUP BY 1, 2, 3`,
  );
  const pathOf = new Map(units.map((u) => [u.id, u.path]));
  // hist[unitId][binding][cur|prev]: each rollup row adds to every tested unit whose subtree holds its unit.
  const hist = new Map<string, Map<string, { cur: Histogram; prev: Histogram }>>();
  for (const u of tested)
    hist.set(u.id, new Map(WATCHED.map((w) => [w.binding, { cur: emptyHistogram(), prev: emptyHistogram() }])));
  for (const r of sums) {
    const path = pathOf.get(r.org_unit_id);
    if (!path) continue;
    for (const id of path.split('/').filter(Boolean)) {
      const slot = hist.get(id)?.get(r.binding);
      if (!slot) continue;
      const h = r.cur ? slot.cur : slot.prev;
      h.n += Number(r.n);
      h.sum += Number(r.sum);
      h.sumsq += Number(r.sumsq);
      for (let i = 0; i < 11; i++) h.h[i] += Number(r[`h${i}`]);
    }
  }
  const out: Array<Omit<TMetricMove, 'link'>> = [];
  for (const u of tested) {
    for (const w of WATCHED) {
      const slot = hist.get(u.id)!.get(w.binding)!;
      const move: Move | null = w.test(slot.cur, slot.prev);
      if (!move) continue;
      out.push({
        orgUnitId: u.id,
        unitName: u.name,
        unitNameEn: u.name_en,
        unitKind: u.kind,
        metric: w.metric,
        ...move,
      });
    }
  }
  // Significant moves first, then by the strength of the evidence.
  return out.sort(
    (a, b) => Number(b.significant) - Number(a.significant) || Math.abs(b.statistic) - Math.abs(a.statistic),
  );
}

/** The dashboard of a unit over the last 7 days, ranked by the metric: where a move is looked into. */
export const moveLink = (m: { orgUnitId: string; metric: string }) =>
  `/dashboards?orgUnitId=${m.orgUnitId}&days=7&metric=${m.metric}`;
