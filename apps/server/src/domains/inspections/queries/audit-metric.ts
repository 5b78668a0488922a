import { AUDIT_METRICS, sampleRows, sampleTotal } from '@loopcx/shared';
import type { SQL } from 'drizzle-orm';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { pathUnder, pathUnderUnit, requireUnitInScope } from '../../org/scope.ts';
import { tenantTimeZone } from '../../tenancy/queries/tenant-time-zone.ts';
import { auditNodeGroups } from './audit-node-groups.ts';

export interface AuditMetricQuery {
  metric: string;
  orgUnitId?: string;
  from: string;
  to: string;
  groupBy?: string;
  minN?: number;
  compareTo?: 'previous' | { from: string; to: string };
  /** Which audits count: one kind, or `external` (default) = every kind but self-inspections. */
  auditKind?: string;
  checklistId?: string;
}

/** Sums one group of audits holds: k/n for the rates, n/sum/sumsq of scores (0–100) for the mean. */
interface Agg {
  key: string;
  label: string;
  k: number;
  n: number;
  sum: number;
  sumsq: number;
}

const day = (s: string) => s.slice(0, 10);
const DAY = 86400_000;

/** Whether an audit metric is a proportion (the error rates) or a mean (the score). */
export const auditMetricKind = (metric: string): 'proportion' | 'mean' =>
  metric === 'audit.score' ? 'mean' : 'proportion';

/**
 * The k, n, sum and sumsq columns of an audit metric over audits `a`: audits with a failed fatal item of all
 * audits; failed of applicable general items; the sum and sum of squares of the scores × 100. POST /metrics/query
 * and the targets' per-unit samples (`audit-unit-samples.ts`) both aggregate with it.
 */
export function auditSums(metric: string): SQL {
  return metric === 'audit.fatal_error_rate'
    ? sql`count(*) FILTER (WHERE a.fatal_failures > 0)::int AS k, count(*)::int AS n, 0::float8 AS sum, 0::float8 AS sumsq`
    : metric === 'audit.general_error_rate'
      ? sql`coalesce(sum(a.general_failed), 0)::int AS k, coalesce(sum(a.general_applicable), 0)::int AS n, 0::float8 AS sum, 0::float8 AS sumsq`
      : sql`0 AS k, count(a.score)::int AS n, coalesce(sum(a.score * 100), 0)::float8 AS sum,
              coalesce(sum((a.score * 100) ^ 2), 0)::float8 AS sumsq`;
}

/**
 * Which audits `a` count: the tenant's submitted audits submitted in the tenant-local days [from, to), of one kind
 * or (`external`) every kind but self-inspections.
 */
export function countedAudits(tenantId: string, tz: string, from: string, to: string, kind = 'external'): SQL {
  return sql`a.tenant_id = ${tenantId} AND a.status = 'submitted'
      AND a.submitted_at >= (${day(from)}::date::timestamp AT TIME ZONE ${tz}::text)
      AND a.submitted_at < (${day(to)}::date::timestamp AT TIME ZONE ${tz}::text)
      AND ${kind === 'external' ? sql`a.kind <> 'self_inspection'` : sql`a.kind = ${kind}`}`;
}

/**
 * Answers POST /metrics/query for the audit metrics over submitted audits of the unit's subtree whose submit time
 * falls in [from, to) (the tenant's days), optionally of one kind (`auditKind`, default every kind but
 * self-inspections) and one checklist:
 * - `audit.fatal_error_rate`: % of audits with at least one failed fatal item;
 * - `audit.general_error_rate`: % of applicable (pass or fail) general items that failed;
 * - `audit.score`: mean of the audits' weighted pass shares × 100.
 * Grouped by child unit, by day/week/month of submit, or by checklist item (`item`: per item code, the share of
 * audits where it applied that failed it — fatal items for the fatal rate, general items for the general rate,
 * every item's pass share for the score), or by process node (`node`, see `audit-node-groups.ts`). Min n defaults to 1 (a store has a few audits a month).
 */
export async function queryAuditMetric(ex: Executor, actor: Actor, q: AuditMetricQuery) {
  if (!(AUDIT_METRICS as readonly string[]).includes(q.metric))
    throw invalid('metric', `one of ${AUDIT_METRICS.join(', ')}`);
  if (!/^\d{4}-\d{2}-\d{2}/.test(q.from) || !/^\d{4}-\d{2}-\d{2}/.test(q.to) || day(q.from) >= day(q.to))
    throw invalid('to', 'give from < to as dates (YYYY-MM-DD)');
  if (q.groupBy && !['children', 'day', 'week', 'month', 'item', 'node'].includes(q.groupBy))
    throw invalid('groupBy', 'children, day, week, month, item or node');
  const unit = await requireUnitInScope(ex, actor, q.orgUnitId ?? actor.orgUnitId);
  const tz = await tenantTimeZone(ex, actor.tenantId);
  const minN = q.minN ?? 1;
  const kind = q.auditKind ?? 'external';
  const FROM = sql`audits a JOIN org_units o ON o.tenant_id = a.tenant_id AND o.id = a.org_unit_id`;

  const load = async (from: string, to: string): Promise<Agg[]> => {
    const where = sql`${countedAudits(actor.tenantId, tz, from, to, kind)} AND ${pathUnder('o', unit.path)}
      ${q.checklistId ? sql`AND a.checklist_id = ${q.checklistId}` : sql``}`;
    if (q.groupBy === 'node') return auditNodeGroups(ex, q.metric, FROM, where);
    if (q.groupBy === 'item') {
      const severity =
        q.metric === 'audit.fatal_error_rate'
          ? sql`AND r.severity = 'fatal'`
          : q.metric === 'audit.general_error_rate'
            ? sql`AND r.severity = 'general'`
            : sql``;
      const hit = q.metric === 'audit.score' ? 'pass' : 'fail';
      return rows<Agg>(
        ex,
        sql`SELECT r.code AS key,
              (array_agg(it->>'text' ORDER BY a.submitted_at DESC))[1] AS label,
              count(*) FILTER (WHERE r.result = ${hit})::int AS k, count(*)::int AS n,
              (100.0 * count(*) FILTER (WHERE r.result = ${hit}))::float8 AS sum,
              (10000.0 * count(*) FILTER (WHERE r.result = ${hit}))::float8 AS sumsq
            FROM ${FROM}
            JOIN audit_results r ON r.tenant_id = a.tenant_id AND r.audit_id = a.id AND r.result <> 'na' ${severity}
            JOIN checklist_versions v ON v.tenant_id = a.tenant_id AND v.checklist_id = a.checklist_id AND v.version = a.checklist_version
            CROSS JOIN LATERAL jsonb_array_elements(v.items) it
            WHERE ${where} AND it->>'code' = r.code
            GROUP BY r.code ORDER BY r.code`,
      );
    }
    const sums = auditSums(q.metric);
    if (q.groupBy === 'children')
      return rows<Agg>(
        ex,
        sql`SELECT c.id::text AS key, c.name AS label, ${sums} FROM ${FROM}
            JOIN org_units c ON c.tenant_id = o.tenant_id AND c.parent_id = ${unit.id} AND ${pathUnderUnit('o', 'c')}
            WHERE ${where} GROUP BY c.id, c.name`,
      );
    if (q.groupBy) {
      const bucket = sql`to_char(date_trunc(${q.groupBy}, a.submitted_at AT TIME ZONE ${tz}::text), 'YYYY-MM-DD')`;
      // The bucket once in the SELECT: written twice, its parameters would be numbered apart and PostgreSQL would
      // not see the second as the grouped expression.
      const list = await rows<Agg>(
        ex,
        sql`SELECT ${bucket} AS key, ${sums} FROM ${FROM} WHERE ${where} GROUP BY 1 ORDER BY 1`,
      );
      return list.map((r) => ({ ...r, label: r.key }));
    }
    return rows<Agg>(
      ex,
      sql`SELECT ${unit.id}::text AS key, ${unit.name} AS label, ${sums} FROM ${FROM} WHERE ${where}`,
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
  if (q.compareTo && q.groupBy !== 'day' && q.groupBy !== 'week' && q.groupBy !== 'month') {
    const span = Date.parse(day(q.to)) - Date.parse(day(q.from));
    const p =
      q.compareTo === 'previous'
        ? {
            from: new Date(Date.parse(day(q.from)) - span).toISOString().slice(0, 10),
            to: day(q.from),
          }
        : q.compareTo;
    if (Math.round(span / DAY) > 0) previous = new Map(num(await load(p.from, p.to)).map((r) => [r.key, r]));
  }

  const valueKind = auditMetricKind(q.metric);
  const out = sampleRows(valueKind, [...byKey.values()], previous, minN);
  if (q.groupBy === 'children' || q.groupBy === 'item' || q.groupBy === 'node')
    out.sort((a, b) => Number(b.value ?? -Infinity) - Number(a.value ?? -Infinity));
  const parent = sampleTotal(valueKind, current, minN);
  return {
    metric: q.metric,
    kind: valueKind,
    orgUnit: { id: unit.id, name: unit.name },
    from: day(q.from),
    to: day(q.to),
    rows: out,
    ...(q.groupBy === 'children' ? { parent } : {}),
  };
}
