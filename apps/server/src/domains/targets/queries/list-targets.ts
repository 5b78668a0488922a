import type { TTargetListResponse } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { orgScope, pathUnder, requireUnitInScope } from '../../org/scope.ts';
import { pathIds } from '../resolve.ts';
import { effectiveTargets } from './effective-targets.ts';

/** The grid shows at most this many units; a bigger subtree is asked for by a unit further down. */
export const MAX_UNITS = 2000;

/**
 * GET /targets: every active unit of the caller's scope under `orgUnitId` (the caller's unit by default; `levels` below
 * it when given: 0 = the unit alone, 1 = with its children) with its effective target for the metric and period,
 * where it comes from, and the metric so far against it.
 */
export async function listTargets(
  ex: Executor,
  actor: Actor,
  q: { metric: string; period: string; orgUnitId?: string; levels?: number },
  now: Date,
): Promise<TTargetListResponse> {
  const root = await requireUnitInScope(ex, actor, q.orgUnitId ?? actor.orgUnitId);
  const units = await rows<{
    id: string;
    name: string;
    name_en: string | null;
    kind: string;
    parent_id: string | null;
    depth: number;
  }>(
    ex,
    sql`SELECT o.id::text, o.name, o.name_en, o.kind, o.parent_id::text, o.depth FROM org_units o
        WHERE ${orgScope(actor)} AND ${pathUnder('o', root.path)} AND (o.status = 'active' OR o.id = ${root.id})
          ${q.levels === undefined ? sql`` : sql`AND o.depth <= ${pathIds(root.path).length - 1 + q.levels}`}
        ORDER BY o.depth, o.code LIMIT ${MAX_UNITS + 1}`,
  );
  if (units.length > MAX_UNITS) throw invalid('orgUnitId', `more than ${MAX_UNITS} units below; pick a smaller unit`);
  const eff = await effectiveTargets(
    ex,
    actor.tenantId,
    q.metric,
    q.period,
    units.map((u) => u.id),
    now,
  );
  return {
    metric: eff.metric.key,
    period: eff.period.key,
    from: eff.period.from,
    to: eff.period.to,
    through: eff.through,
    direction: eff.metric.direction,
    items: units.map((u) => {
      const t = eff.units.get(u.id)!;
      const source = t.source;
      return {
        orgUnitId: u.id,
        name: u.name,
        nameEn: u.name_en,
        kind: u.kind,
        // The root's parent lies outside the grid; the console builds its tree from the rows it has.
        parentId: u.id === root.id ? null : u.parent_id,
        depth: Number(u.depth),
        target: t.target,
        source,
        inherited: source !== null && !(source.orgUnitId === u.id && source.period === eff.period.key),
        override: t.override,
        value: t.value,
        n: t.n,
        ci: t.ci,
        status: t.status,
      };
    }),
  };
}
