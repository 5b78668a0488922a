import type { TOnTimeRateResponse } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { pathUnder, pathUnderUnit, requireUnitInScope } from '../../org/scope.ts';
import { tenantTimeZone } from '../../tenancy/queries/tenant-time-zone.ts';
import { problemScope } from '../scope.ts';
import { onTimeCounts, onTimeRate } from './on-time.ts';

/** A period of due dates (tenant days, `to` exclusive) and the grouping of the on-time rate. */
export interface OnTimeRateOptions {
  by: 'team' | 'unit';
  from: string;
  to: string;
  /** by unit: the unit whose direct children are the rows (default: the caller's unit). */
  orgUnitId?: string;
}

/**
 * The on-time rate of tasks due in a period, per team (tasks for teams) or per direct child of a unit (tasks for
 * units in its subtree, drill-down by choosing a child next), over the problems the caller may see. A task counts
 * once its outcome is decided (see `onTimeCounts`).
 */
export async function onTimeRateBy(
  ex: Executor,
  actor: Actor,
  o: OnTimeRateOptions,
  now: Date,
): Promise<TOnTimeRateResponse> {
  if (o.from >= o.to) throw invalid('to', 'give from < to as dates (YYYY-MM-DD)');
  const tz = await tenantTimeZone(ex, actor.tenantId);
  const period = sql`k.due_at >= (${o.from}::date::timestamp AT TIME ZONE ${tz}::text)
    AND k.due_at < (${o.to}::date::timestamp AT TIME ZONE ${tz}::text)`;
  const visible = sql`EXISTS (SELECT 1 FROM problems p WHERE p.tenant_id = k.tenant_id AND p.id = k.problem_id AND ${problemScope(actor)})`;
  let list: Array<{ key: string; label: string; label_en: string | null; on_time: number; decided: number }>;
  if (o.by === 'team') {
    list = await rows(
      ex,
      sql`SELECT t.id::text AS key, t.name AS label, t.name_en AS label_en, ${onTimeCounts(now)}
          FROM problem_tasks k JOIN teams t ON t.tenant_id = k.tenant_id AND t.id = k.team_id
          WHERE k.tenant_id = ${actor.tenantId} AND ${period} AND ${visible}
          GROUP BY t.id, t.name, t.name_en ORDER BY t.name`,
    );
  } else {
    const unit = await requireUnitInScope(ex, actor, o.orgUnitId ?? actor.orgUnitId);
    // Tasks for the unit itself appear as its own row; tasks below it under the direct child they lie under.
    list = await rows(
      ex,
      sql`SELECT c.id::text AS key, c.name AS label, c.name_en AS label_en, ${onTimeCounts(now)}
          FROM problem_tasks k JOIN org_units ko ON ko.tenant_id = k.tenant_id AND ko.id = k.org_unit_id
          JOIN org_units c ON c.tenant_id = ko.tenant_id AND (c.id = ${unit.id} OR c.parent_id = ${unit.id}) AND ${pathUnderUnit('ko', 'c')}
          WHERE k.tenant_id = ${actor.tenantId} AND ${pathUnder('ko', unit.path)} AND ${period} AND ${visible}
            AND (c.id <> ${unit.id} OR ko.id = ${unit.id})
          GROUP BY c.id, c.name, c.name_en, c.code ORDER BY c.code`,
    );
  }
  const total = list.reduce((s, r) => ({ on: s.on + Number(r.on_time), d: s.d + Number(r.decided) }), { on: 0, d: 0 });
  return {
    by: o.by,
    from: o.from,
    to: o.to,
    total: onTimeRate(total.on, total.d),
    rows: list.map((r) => ({
      key: r.key,
      label: r.label,
      labelEn: r.label_en,
      ...onTimeRate(Number(r.on_time), Number(r.decided)),
    })),
  };
}
