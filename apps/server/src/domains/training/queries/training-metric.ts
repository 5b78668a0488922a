import { type SampleGroup, sampleRows, sampleTotal } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { pathUnder, pathUnderUnit, requireUnitInScope } from '../../org/scope.ts';
import { tenantTimeZone } from '../../tenancy/queries/tenant-time-zone.ts';
import { inDays, proportionSums, trainingCounts, trainingMetric } from './training-sums.ts';

export interface TrainingMetricQuery {
  metric: string;
  orgUnitId?: string;
  from: string;
  to: string;
  groupBy?: string;
  minN?: number;
  compareTo?: 'previous' | { from: string; to: string };
}

/** A group's counts (`proportionSums`: k of n, and the 0–100 sums the proportion does not use). */
type Agg = SampleGroup;

const day = (s: string) => s.slice(0, 10);
const DAY = 86400_000;

/**
 * Answers POST /metrics/query for `training.completion_rate` and `training.pass_rate` (see `training-sums.ts` for
 * what each counts) over the assignments of the unit's subtree (the unit an assignment was made in), the tenant's
 * days [from, to); grouped by child unit or by day/week/month; with a comparison period and min n (default 1).
 */
export async function queryTrainingMetric(ex: Executor, actor: Actor, q: TrainingMetricQuery) {
  const metric = trainingMetric(q.metric);
  if (!/^\d{4}-\d{2}-\d{2}/.test(q.from) || !/^\d{4}-\d{2}-\d{2}/.test(q.to) || day(q.from) >= day(q.to))
    throw invalid('to', 'give from < to as dates (YYYY-MM-DD)');
  if (q.groupBy && !['children', 'day', 'week', 'month'].includes(q.groupBy))
    throw invalid('groupBy', 'children, day, week or month');
  const unit = await requireUnitInScope(ex, actor, q.orgUnitId ?? actor.orgUnitId);
  const tz = await tenantTimeZone(ex, actor.tenantId);
  const minN = q.minN ?? 1;
  const { at, hit } = trainingCounts(metric);
  const FROM = sql`training_assignments a JOIN org_units o ON o.tenant_id = a.tenant_id AND o.id = a.org_unit_id`;

  const load = async (from: string, to: string): Promise<Agg[]> => {
    const where = sql`a.tenant_id = ${actor.tenantId} AND ${pathUnder('o', unit.path)} AND ${inDays(at, from, to, tz)}`;
    if (q.groupBy === 'children')
      return rows<Agg>(
        ex,
        sql`SELECT c.id::text AS key, c.name AS label, ${proportionSums(hit)} FROM ${FROM}
            JOIN org_units c ON c.tenant_id = o.tenant_id AND c.parent_id = ${unit.id} AND ${pathUnderUnit('o', 'c')}
            WHERE ${where} GROUP BY c.id, c.name`,
      );
    if (q.groupBy) {
      const bucket = sql`to_char(date_trunc(${q.groupBy}, ${at} AT TIME ZONE ${tz}::text), 'YYYY-MM-DD')`;
      const list = await rows<Agg>(
        ex,
        sql`SELECT ${bucket} AS key, ${proportionSums(hit)} FROM ${FROM} WHERE ${where} GROUP BY 1 ORDER BY 1`,
      );
      return list.map((r) => ({ ...r, label: r.key }));
    }
    return rows<Agg>(
      ex,
      sql`SELECT ${unit.id}::text AS key, ${unit.name} AS label, ${proportionSums(hit)} FROM ${FROM} WHERE ${where}`,
    );
  };
  const num = (list: Agg[]) =>
    list.map((r) => ({ ...r, k: Number(r.k), n: Number(r.n), sum: Number(r.sum), sumsq: Number(r.sumsq) }));

  const current = num(await load(q.from, q.to));
  const byKey = new Map(current.map((r) => [r.key, r]));
  if (q.groupBy === 'children')
    for (const c of await rows<{ id: string; name: string }>(
      ex,
      sql`SELECT id, name FROM org_units WHERE tenant_id = ${actor.tenantId} AND parent_id = ${unit.id} AND status = 'active' ORDER BY code`,
    ))
      if (!byKey.has(c.id)) byKey.set(c.id, { key: c.id, label: c.name, k: 0, n: 0, sum: 0, sumsq: 0 });

  let previous: Map<string, Agg> | null = null;
  if (q.compareTo && !['day', 'week', 'month'].includes(q.groupBy ?? '')) {
    const span = Date.parse(day(q.to)) - Date.parse(day(q.from));
    const p =
      q.compareTo === 'previous'
        ? { from: new Date(Date.parse(day(q.from)) - span).toISOString().slice(0, 10), to: day(q.from) }
        : q.compareTo;
    if (Math.round(span / DAY) > 0) previous = new Map(num(await load(p.from, p.to)).map((r) => [r.key, r]));
  }

  const out = sampleRows('proportion', [...byKey.values()], previous, minN);
  if (q.groupBy === 'children') out.sort((a, b) => Number(b.value ?? -Infinity) - Number(a.value ?? -Infinity));
  const parent = sampleTotal('proportion', current, minN);
  return {
    metric: q.metric,
    kind: 'proportion',
    orgUnit: { id: unit.id, name: unit.name },
    from: day(q.from),
    to: day(q.to),
    rows: out,
    ...(q.groupBy === 'children' ? { parent } : {}),
  };
}
