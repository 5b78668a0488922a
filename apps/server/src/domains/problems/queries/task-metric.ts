import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { pathUnder, pathUnderUnit, requireUnitInScope } from '../../org/scope.ts';
import { tenantTimeZone } from '../../tenancy/queries/tenant-time-zone.ts';
import { problemScope } from '../scope.ts';
import { onTimeCounts, onTimeRate } from './on-time.ts';

/** Task metrics usable wherever a metric key is (POST /metrics/query): the on-time rate of department tasks. */
export const TASK_METRICS = ['tasks.on_time_rate'] as const;

export interface TaskMetricQuery {
  metric: string;
  orgUnitId?: string;
  from: string;
  to: string;
  groupBy?: 'children' | 'touchpoint' | 'day' | 'week' | 'month' | 'tier';
  minN?: number;
}

const day = (s: string) => s.slice(0, 10);

/**
 * Answers POST /metrics/query for `tasks.on_time_rate` with the rows of the other proportion metrics: % of tasks
 * for units of the subtree, due in the period, that were done on time (n = tasks whose outcome is decided, Wilson
 * 95 % CI, suppression below min n, 1 by default: a department has a handful of tasks a month). `groupBy
 * children` drills down by unit; `day|week|month` by due date.
 */
export async function queryTaskMetric(ex: Executor, actor: Actor, q: TaskMetricQuery, now: Date) {
  if (!(TASK_METRICS as readonly string[]).includes(q.metric))
    throw invalid('metric', `one of ${TASK_METRICS.join(', ')}`);
  if (!/^\d{4}-\d{2}-\d{2}/.test(q.from) || !/^\d{4}-\d{2}-\d{2}/.test(q.to) || day(q.from) >= day(q.to))
    throw invalid('to', 'give from < to as dates (YYYY-MM-DD)');
  if (q.groupBy === 'touchpoint' || q.groupBy === 'tier') throw invalid('groupBy', 'children, day, week or month');
  const unit = await requireUnitInScope(ex, actor, q.orgUnitId ?? actor.orgUnitId);
  const tz = await tenantTimeZone(ex, actor.tenantId);
  const minN = q.minN ?? 1;
  const where = sql`k.tenant_id = ${actor.tenantId} AND ${pathUnder('ko', unit.path)}
    AND k.due_at >= (${day(q.from)}::date::timestamp AT TIME ZONE ${tz}::text)
    AND k.due_at < (${day(q.to)}::date::timestamp AT TIME ZONE ${tz}::text)
    AND EXISTS (SELECT 1 FROM problems p WHERE p.tenant_id = k.tenant_id AND p.id = k.problem_id AND ${problemScope(actor)})`;
  const FROM = sql`problem_tasks k JOIN org_units ko ON ko.tenant_id = k.tenant_id AND ko.id = k.org_unit_id`;
  let list: Array<{ key: string; label: string; on_time: number; decided: number }>;
  if (q.groupBy === 'children')
    list = await rows(
      ex,
      sql`SELECT c.id::text AS key, c.name AS label, ${onTimeCounts(now)} FROM ${FROM}
          JOIN org_units c ON c.tenant_id = ko.tenant_id AND c.parent_id = ${unit.id} AND ${pathUnderUnit('ko', 'c')}
          WHERE ${where} GROUP BY c.id, c.name`,
    );
  else if (q.groupBy)
    list = await rows(
      ex,
      sql`SELECT to_char(date_trunc(${q.groupBy}, k.due_at AT TIME ZONE ${tz}::text), 'YYYY-MM-DD') AS key,
            to_char(date_trunc(${q.groupBy}, k.due_at AT TIME ZONE ${tz}::text), 'YYYY-MM-DD') AS label, ${onTimeCounts(now)}
          FROM ${FROM} WHERE ${where} GROUP BY 1 ORDER BY 1`,
    );
  else
    list = await rows(
      ex,
      sql`SELECT ${unit.id}::text AS key, ${unit.name} AS label, ${onTimeCounts(now)} FROM ${FROM} WHERE ${where}`,
    );
  const value = (onTime: number, decided: number) => {
    const r = onTimeRate(onTime, decided);
    const suppressed = decided < minN;
    return { value: suppressed ? null : r.rate, n: decided, ci: suppressed ? null : r.ci, suppressed };
  };
  const byKey = new Map(list.map((r) => [r.key, r]));
  if (q.groupBy === 'children')
    for (const c of await rows<{ id: string; name: string }>(
      ex,
      sql`SELECT id, name FROM org_units WHERE tenant_id = ${actor.tenantId} AND parent_id = ${unit.id} AND status = 'active' ORDER BY code`,
    ))
      if (!byKey.has(c.id)) byKey.set(c.id, { key: c.id, label: c.name, on_time: 0, decided: 0 });
  const out = [...byKey.values()].map((r) => ({
    key: r.key,
    label: r.label,
    ...value(Number(r.on_time), Number(r.decided)),
  }));
  const total = list.reduce((s, r) => ({ on: s.on + Number(r.on_time), d: s.d + Number(r.decided) }), { on: 0, d: 0 });
  if (q.groupBy === 'children') out.sort((a, b) => Number(b.value ?? -Infinity) - Number(a.value ?? -Infinity));
  const parent = value(total.on, total.d);
  return {
    metric: q.metric,
    kind: 'proportion',
    orgUnit: { id: unit.id, name: unit.name },
    from: day(q.from),
    to: day(q.to),
    rows: out,
    ...(q.groupBy === 'children' ? { parent: { value: parent.value, n: parent.n, ci: parent.ci } } : {}),
  };
}
