import { type MetricValue, significantDifference, wilson } from '@loopcx/shared';
import type { SQL } from 'drizzle-orm';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { invalid, notFound } from '../../../platform/errors.ts';
import { pathUnder, pathUnderUnit, requireUnitInScope } from '../../org/scope.ts';
import { tenantTimeZone } from '../../tenancy/queries/tenant-time-zone.ts';

/** Text metrics usable wherever a metric key is: % negative (overall or for one topic) and text volume. */
export const TEXT_METRICS = ['text.negative_share', 'text.positive_share', 'text.volume'] as const;

export interface TextMetricQuery {
  metric: string;
  topicId?: string;
  orgUnitId?: string;
  surveyId?: string;
  touchpointId?: string;
  from: string;
  to: string;
  groupBy?: 'children' | 'touchpoint' | 'day' | 'week' | 'month';
  compareTo?: 'previous' | { from: string; to: string };
  minN?: number;
}

const day = (s: string) => s.slice(0, 10);

function proportion(k: number, n: number, minN: number): MetricValue & { suppressed: boolean } {
  if (n < minN) return { value: null, n, ci: null, variance: null, suppressed: true };
  const p = k / n;
  return { value: 100 * p, n, ci: wilson(k, n), variance: (100 * 100 * p * (1 - p)) / n, suppressed: false };
}

/**
 * Answers POST /metrics/query for `text.*` metrics with the same row shape as score metrics (value, n, Wilson
 * CI, suppression below min n, change and significance against a comparison period, gap to the parent).
 * Counts come from text_topic_hits when a topic is given (per-topic sentiment), else from text_analyses.
 */
export async function queryTextMetric(ex: Executor, actor: Actor, q: TextMetricQuery) {
  if (!(TEXT_METRICS as readonly string[]).includes(q.metric))
    throw invalid('metric', `one of ${TEXT_METRICS.join(', ')}`);
  if (!/^\d{4}-\d{2}-\d{2}/.test(q.from) || !/^\d{4}-\d{2}-\d{2}/.test(q.to) || day(q.from) >= day(q.to))
    throw invalid('to', 'give from < to as dates (YYYY-MM-DD)');
  const unit = await requireUnitInScope(ex, actor, q.orgUnitId ?? actor.orgUnitId);
  const tz = await tenantTimeZone(ex, actor.tenantId);
  let topicName: string | undefined;
  if (q.topicId) {
    const t = await one<{ name: string }>(
      ex,
      sql`SELECT name FROM text_topics WHERE tenant_id = ${actor.tenantId} AND id = ${q.topicId}`,
    );
    if (!t) throw notFound('Topic');
    topicName = t.name;
  }
  const target = q.metric === 'text.positive_share' ? 'positive' : 'negative';
  const minN = q.minN ?? 5;
  const t = sql.raw(q.topicId ? 'h' : 'a');
  const FROM = q.topicId
    ? sql`text_topic_hits h JOIN org_units o ON o.tenant_id = h.tenant_id AND o.id = h.org_unit_id`
    : sql`text_analyses a JOIN org_units o ON o.tenant_id = a.tenant_id AND o.id = a.org_unit_id`;
  const base = (from: string, to: string): SQL => {
    const parts = [
      sql`${t}.tenant_id = ${actor.tenantId}`,
      pathUnder('o', unit.path),
      // Periods are tenant days: a day starts at the tenant's midnight, not the database session's.
      sql`${t}.occurred_at >= (${day(from)}::date::timestamp AT TIME ZONE ${tz}::text)`,
      sql`${t}.occurred_at < (${day(to)}::date::timestamp AT TIME ZONE ${tz}::text)`,
    ];
    if (q.topicId) parts.push(sql`h.topic_id = ${q.topicId}`);
    if (q.touchpointId) parts.push(sql`${t}.touchpoint_id = ${q.touchpointId}`);
    if (q.surveyId)
      parts.push(
        q.topicId
          ? sql`EXISTS (SELECT 1 FROM text_analyses a WHERE a.tenant_id = h.tenant_id AND a.id = h.analysis_id AND a.survey_id = ${q.surveyId})`
          : sql`a.survey_id = ${q.surveyId}`,
      );
    return sql.join(parts, sql` AND `);
  };
  const COUNTS = sql`count(*)::int AS n, count(*) FILTER (WHERE ${t}.sentiment = ${target})::int AS k`;
  const grouped = async (from: string, to: string) => {
    let list: Array<{ key: string; label: string; n: number; k: number }>;
    switch (q.groupBy) {
      case 'children':
        list = await rows(
          ex,
          sql`SELECT c.id::text AS key, c.name AS label, ${COUNTS} FROM ${FROM}
            JOIN org_units c ON c.tenant_id = o.tenant_id AND c.parent_id = ${unit.id} AND ${pathUnderUnit('o', 'c')}
            WHERE ${base(from, to)} GROUP BY c.id, c.name`,
        );
        break;
      case 'touchpoint':
        list = await rows(
          ex,
          sql`SELECT coalesce(${t}.touchpoint_id::text, '') AS key, coalesce(tp.name, '—') AS label, ${COUNTS} FROM ${FROM}
            LEFT JOIN touchpoints tp ON tp.tenant_id = ${t}.tenant_id AND tp.id = ${t}.touchpoint_id
            WHERE ${base(from, to)} GROUP BY ${t}.touchpoint_id, tp.name`,
        );
        break;
      case 'day':
      case 'week':
      case 'month':
        list = await rows(
          ex,
          sql`SELECT to_char(date_trunc(${q.groupBy}, ${t}.occurred_at AT TIME ZONE ${tz}::text), 'YYYY-MM-DD') AS key, to_char(date_trunc(${q.groupBy}, ${t}.occurred_at AT TIME ZONE ${tz}::text), 'YYYY-MM-DD') AS label, ${COUNTS}
            FROM ${FROM} WHERE ${base(from, to)} GROUP BY 1 ORDER BY 1`,
        );
        break;
      default:
        list = await rows(
          ex,
          sql`SELECT ${unit.id}::text AS key, ${unit.name} AS label, ${COUNTS} FROM ${FROM} WHERE ${base(from, to)}`,
        );
    }
    return new Map(list.map((r) => [String(r.key), { label: String(r.label), n: Number(r.n), k: Number(r.k) }]));
  };
  const value = (c: { n: number; k: number } | undefined) =>
    q.metric === 'text.volume'
      ? { value: c?.n ?? 0, n: c?.n ?? 0, ci: null, variance: null, suppressed: false }
      : proportion(c?.k ?? 0, c?.n ?? 0, minN);

  const current = await grouped(q.from, q.to);
  let previous: Awaited<ReturnType<typeof grouped>> | undefined;
  if (q.compareTo) {
    const span = Date.parse(day(q.to)) - Date.parse(day(q.from));
    const cmp =
      q.compareTo === 'previous'
        ? { from: new Date(Date.parse(day(q.from)) - span).toISOString(), to: day(q.from) }
        : q.compareTo;
    previous = await grouped(cmp.from, cmp.to);
  }
  let parent: ReturnType<typeof value> | undefined;
  if (q.groupBy === 'children') {
    const total = [...current.values()].reduce((acc, c) => ({ n: acc.n + c.n, k: acc.k + c.k }), { n: 0, k: 0 });
    parent = value(total);
    for (const c of await rows<{ id: string; name: string }>(
      ex,
      sql`SELECT id, name FROM org_units WHERE tenant_id = ${actor.tenantId} AND parent_id = ${unit.id} AND status = 'active'`,
    )) {
      if (!current.has(c.id)) current.set(c.id, { label: c.name, n: 0, k: 0 });
    }
  }
  const out = [...current.entries()].map(([key, c]) => {
    const v = value(c);
    const row: Record<string, unknown> = {
      key,
      label: c.label,
      value: v.value,
      n: v.n,
      ci: v.ci,
      suppressed: v.suppressed,
    };
    if (previous) {
      const p = value(previous.get(key));
      row.previous = p.value;
      row.change = v.value !== null && p.value !== null ? v.value - p.value : null;
      row.significant = !v.suppressed && !p.suppressed && significantDifference(v, p);
    }
    if (parent && parent.value !== null && v.value !== null) {
      row.gapToParent = v.value - parent.value;
      row.significantGap = significantDifference(v, parent);
    }
    return row;
  });
  // Higher % negative is worse: a ranking shows the worst units first.
  if (q.groupBy === 'children') out.sort((a, b) => Number(b.value ?? -Infinity) - Number(a.value ?? -Infinity));
  return {
    metric: q.metric,
    kind: q.metric === 'text.volume' ? 'count' : 'proportion',
    ...(q.topicId ? { topic: { id: q.topicId, name: topicName } } : {}),
    orgUnit: { id: unit.id, name: unit.name },
    from: day(q.from),
    to: day(q.to),
    rows: out,
    ...(parent ? { parent: { value: parent.value, n: parent.n, ci: parent.ci } } : {}),
  };
}
