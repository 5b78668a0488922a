import { dayIn, significantDifference, type TLeaderboardResponse, targetStatus } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { pathUnder, requireUnitInScope } from '../../org/scope.ts';
import { tenantTimeZone } from '../../tenancy/queries/tenant-time-zone.ts';
import { targetMetric } from '../metric.ts';
import { pathIds } from '../resolve.ts';
import { effectiveTargets, periodThrough, requirePeriod, tenantUnits } from './effective-targets.ts';
import { addPools, emptyPool, poolValue, unitPools } from './unit-scores.ts';

export const LEADERBOARD_TEST =
  'two-sample z test at 95 % of the unit against the pooled other peers (leave-one-out), on the same variances as the dashboard CIs';

/**
 * A unit ranked among its peers: the units of the same kind under its nearest region (a store or city among the
 * region's stores or cities), or under the root for a region. The unit must be in the caller's scope; its peers
 * are shown with their names and aggregate scores even where they lie outside it — comparing with them is the
 * point of a leaderboard, and no response, customer or ticket of theirs is read (decision in ARCHITECTURE.md).
 */
export async function leaderboard(
  ex: Executor,
  actor: Actor,
  q: { metric: string; period: string; orgUnitId?: string },
  now: Date,
): Promise<TLeaderboardResponse> {
  const metric = await targetMetric(ex, actor.tenantId, q.metric);
  const period = requirePeriod(q.period);
  const unit = await requireUnitInScope(ex, actor, q.orgUnitId ?? actor.orgUnitId);
  const through = periodThrough(period, dayIn(await tenantTimeZone(ex, actor.tenantId), now));
  // The unit's ancestors, nearest first (tenant filter: ancestors are the tenant's by construction of the path).
  const ancestors = await rows<{ id: string; name: string; kind: string; path: string; depth: number }>(
    ex,
    sql`SELECT id::text, name, kind, path, depth FROM org_units
        WHERE tenant_id = ${actor.tenantId} AND id = ANY(${`{${pathIds(unit.path).join(',')}}`}::uuid[]) AND id <> ${unit.id}
        ORDER BY depth DESC`,
  );
  const group =
    unit.kind === 'region' || unit.kind === 'hq'
      ? (ancestors[ancestors.length - 1] ?? { id: unit.id, name: unit.name, path: unit.path })
      : (ancestors.find((a) => a.kind === 'region') ?? ancestors[ancestors.length - 1] ?? unit);
  const peers = await rows<{ id: string; name: string; path: string }>(
    ex,
    sql`SELECT o.id::text, o.name, o.path FROM org_units o
        WHERE o.tenant_id = ${actor.tenantId} AND ${pathUnder('o', group.path)} AND o.kind = ${unit.kind}
          AND (o.status = 'active' OR o.id = ${unit.id}) ORDER BY o.code`,
  );
  const all = await tenantUnits(ex, actor.tenantId);
  const pools = await unitPools(ex, actor.tenantId, metric, period.from, through, peers, all);
  const pooled = [...pools.values()].reduce((a, b) => addPools(a, b), emptyPool());
  const targets = await effectiveTargets(
    ex,
    actor.tenantId,
    metric.key,
    period.key,
    peers.map((p) => p.id),
    now,
  );
  const entries = peers.map((p) => {
    const own = pools.get(p.id) ?? emptyPool();
    const v = poolValue(metric, own);
    // Leave-one-out: the unit against the others pooled (histograms, or k/n and sums), so the samples are independent.
    const others = poolValue(metric, addPools(pooled, own, -1));
    const gap = v.value !== null && others.value !== null ? v.value - others.value : null;
    const sig = !v.suppressed && !others.suppressed && significantDifference(v, others);
    const t = targets.units.get(p.id);
    const target = t?.target ?? null;
    return {
      rank: null as number | null,
      orgUnitId: p.id,
      name: p.name,
      value: v.value,
      n: v.n,
      ci: v.ci,
      suppressed: v.suppressed,
      target,
      targetStatus: target === null ? null : targetStatus(v.value, v.ci, target, metric.direction),
      vsTarget: target !== null && v.value !== null ? v.value - target : null,
      gapToPeers: gap,
      differs: sig && gap !== null ? (gap > 0 ? ('above' as const) : ('below' as const)) : null,
      self: p.id === unit.id,
    };
  });
  const better = (a: number, b: number) => (metric.direction === 'higher' ? b - a : a - b);
  entries.sort((a, b) =>
    a.value === null ? (b.value === null ? 0 : 1) : b.value === null ? -1 : better(a.value, b.value),
  );
  let rank = 0;
  for (const e of entries) if (e.value !== null) e.rank = ++rank;
  const avg = poolValue(metric, pooled);
  return {
    metric: metric.key,
    period: period.key,
    from: period.from,
    through,
    direction: metric.direction,
    group: { orgUnitId: group.id, name: group.name },
    peerKind: unit.kind,
    peerAverage: { value: avg.value, n: avg.n, ci: avg.ci },
    test: LEADERBOARD_TEST,
    items: entries,
  };
}
