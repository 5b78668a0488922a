import {
  addHistograms,
  compute,
  emptyHistogram,
  type Histogram,
  type MetricKind,
  significantDifference,
  type TMetricQueryResponse,
  type TMetricQueryRow,
} from '@loopcx/shared';
import type { SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../platform/db.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { queryAuditMetric } from '../inspections/queries/audit-metric.ts';
import { requireUnitInScope } from '../org/scope.ts';
import { inSubtree, joinChild, loadSubtree } from '../org/subtree.ts';
import { queryTaskMetric } from '../problems/queries/task-metric.ts';
import { queryTextMetric } from '../text/queries/text-metric.ts';
import { queryTrainingMetric } from '../training/queries/training-metric.ts';
import { queryFormulaMetric } from './formula-query.ts';
import { scoreRollupsFor } from './rollup-source.ts';

export interface MetricQuery {
  metric: string;
  orgUnitId?: string;
  surveyId?: string;
  touchpointId?: string;
  from: string;
  to: string;
  groupBy?: 'children' | 'touchpoint' | 'day' | 'week' | 'month' | 'tier' | 'item' | 'node';
  /** audit.* metrics only: which audits count (one kind, or `external` = every kind but self-inspections). */
  auditKind?: 'mystery_shop' | 'sampling' | 'self_inspection' | 'rehearsal' | 'external';
  /** audit.* metrics only: audits against this checklist. */
  checklistId?: string;
  /** Survey metrics only: responses of customers in this value tier (customer-group rollups, migration 0032). */
  tier?: string;
  /** Survey metrics only: responses of customers in this segment. */
  segmentId?: string;
  compareTo?: 'previous' | { from: string; to: string };
  minN?: number;
  /** text.* metrics only: the topic whose sentiment is measured. */
  topicId?: string;
  /** An unsaved formula to evaluate under the name `metric` (the console's live preview). */
  formula?: string;
  /** The request's clock (`ctx.clock.now()`): task metrics decide what is late against it. */
  now?: Date;
}

const H = Array.from({ length: 11 }, (_, i) => `h${i}`);
const SUMS = sql.raw(
  `sum(r.n)::float8 AS n, sum(r.sum)::float8 AS sum, sum(r.sumsq)::float8 AS sumsq, ${H.map((h) => `sum(r.${h})::float8 AS ${h}`).join(', ')}`,
);

/** Whether a metric key is one of the survey metrics answered from score rollups (else: a defined formula metric). */
export function isScoreMetric(metric: string): boolean {
  return ['nps', 'csat', 'ces', 'responses'].includes(metric) || /^rating:[\w-]{1,100}$/.test(metric);
}

/** Built-in metrics and the rollup binding each reads. */
export function resolveMetric(metric: string): { kind: MetricKind; binding: string } {
  if (metric === 'nps') return { kind: 'nps', binding: 'nps' };
  if (metric === 'csat') return { kind: 'csat', binding: 'csat' };
  if (metric === 'ces') return { kind: 'mean', binding: 'ces' };
  if (metric === 'responses') return { kind: 'count', binding: '*' };
  if (/^rating:[\w-]{1,100}$/.test(metric)) return { kind: 'mean', binding: metric };
  throw invalid('metric', 'one of nps, csat, ces, responses, rating:<question>');
}

const toHist = (r: Record<string, unknown>): Histogram => ({
  n: Number(r.n ?? 0),
  sum: Number(r.sum ?? 0),
  sumsq: Number(r.sumsq ?? 0),
  h: H.map((h) => Number(r[h] ?? 0)),
});
const day = (s: string) => s.slice(0, 10);

/**
 * Answers a metric query from score rollups only: the unit's whole subtree (clipped to the caller's scope),
 * optional survey and touchpoint, a period, and a grouping. Every row carries n, a 95 % CI, suppression below
 * min n, and — with a comparison period — the change and whether it is significant.
 */
export async function queryMetric(ex: Executor, actor: Actor, q: MetricQuery) {
  const byCustomer = q.tier !== undefined || q.segmentId !== undefined || q.groupBy === 'tier';
  if (byCustomer && (q.formula || !isScoreMetric(q.metric)))
    throw invalid(
      q.groupBy === 'tier' ? 'groupBy' : q.tier !== undefined ? 'tier' : 'segmentId',
      'only survey metrics (nps, csat, ces, responses, rating:<q>) split by customer tier or segment',
    );
  if (q.tier !== undefined && q.segmentId !== undefined)
    throw invalid('segmentId', 'give a tier or a segment, not both');
  // (A tier grouping was refused above for anything but survey metrics.)
  if (!q.formula && q.metric.startsWith('text.'))
    // The text domain builds its rows as open records; they have the shape of the contract's rows.
    return (await queryTextMetric(ex, actor, q as Parameters<typeof queryTextMetric>[2])) as Omit<
      TMetricQueryResponse,
      'definition'
    >;
  const isAudit = !q.formula && q.metric.startsWith('audit.');
  const auditGroup = q.groupBy === 'item' || q.groupBy === 'node';
  if (!isAudit && (q.auditKind !== undefined || q.checklistId !== undefined || auditGroup))
    throw invalid(
      auditGroup ? 'groupBy' : q.auditKind !== undefined ? 'auditKind' : 'checklistId',
      'only audit.* metrics take an audit kind, a checklist or the item or node grouping',
    );
  if (isAudit) {
    if (q.topicId) throw invalid('topicId', 'only text.* metrics take a topic');
    return (await queryAuditMetric(ex, actor, q)) as Omit<TMetricQueryResponse, 'definition'>;
  }
  if (!q.formula && q.metric.startsWith('tasks.')) {
    if (q.topicId) throw invalid('topicId', 'only text.* metrics take a topic');
    // Callers without a request clock (alert rules, the server-rendered page) judge lateness by the wall clock.
    // (An item grouping was refused above for anything but audit metrics.)
    const tq = q as Parameters<typeof queryTaskMetric>[2];
    return (await queryTaskMetric(ex, actor, tq, q.now ?? new Date())) as Omit<TMetricQueryResponse, 'definition'>;
  }
  if (!q.formula && q.metric.startsWith('training.')) {
    if (q.topicId) throw invalid('topicId', 'only text.* metrics take a topic');
    if (q.groupBy === 'touchpoint') throw invalid('groupBy', 'children, day, week or month');
    return (await queryTrainingMetric(ex, actor, q)) as Omit<TMetricQueryResponse, 'definition'>;
  }
  if (q.topicId) throw invalid('topicId', 'only text.* metrics take a topic');
  // Formula metrics (tenant definitions such as cpo, response_rate, previews) keep this response shape.
  if (q.formula || !isScoreMetric(q.metric)) return queryFormulaMetric(ex, actor, q);
  const { kind, binding } = resolveMetric(q.metric);
  if (!/^\d{4}-\d{2}-\d{2}/.test(q.from) || !/^\d{4}-\d{2}-\d{2}/.test(q.to) || day(q.from) >= day(q.to))
    throw invalid('to', 'give from < to as dates (YYYY-MM-DD)');
  const unit = await requireUnitInScope(ex, actor, q.orgUnitId ?? actor.orgUnitId);
  let scale = 5;
  if (q.surveyId) {
    const s = await one<{ bindings: { csat?: { scale?: number } | string } }>(
      ex,
      sql`SELECT bindings FROM surveys WHERE tenant_id = ${actor.tenantId} AND id = ${q.surveyId}`,
    );
    if (!s) throw new AppError('not_found', 'Survey not found');
    if (typeof s.bindings.csat === 'object' && s.bindings.csat.scale) scale = s.bindings.csat.scale;
  }
  if (
    q.segmentId &&
    !(await one(ex, sql`SELECT 1 FROM customer_segments WHERE tenant_id = ${actor.tenantId} AND id = ${q.segmentId}`))
  ) {
    throw new AppError('not_found', 'Segment not found');
  }
  const customerGroup =
    q.tier !== undefined
      ? `tier:${q.tier}`
      : q.segmentId
        ? `segment:${q.segmentId}`
        : q.groupBy === 'tier'
          ? 'tier:'
          : undefined;
  const minN = q.minN ?? 5;
  const sub = await loadSubtree(ex, actor.tenantId, unit);
  const base = (): SQL => {
    const parts = [sql`r.binding = ${binding}`, inSubtree(sub, sql`r.org_unit_id`)];
    if (q.surveyId) parts.push(sql`r.survey_id = ${q.surveyId}`);
    if (q.touchpointId) parts.push(sql`r.touchpoint_id = ${q.touchpointId}`);
    return sql.join(parts, sql` AND `);
  };

  const grouped = async (from: string, to: string): Promise<Map<string, { label: string; hist: Histogram }>> => {
    const out = new Map<string, { label: string; hist: Histogram }>();
    let list: Array<Record<string, unknown>>;
    // Whole months from the monthly rollups, other days from the daily ones; day and week groupings need days.
    const FROM = scoreRollupsFor(actor.tenantId, day(from), day(to), {
      daily: q.groupBy === 'day' || q.groupBy === 'week',
      customerGroup,
    });
    switch (q.groupBy) {
      case 'children':
        list = (
          await rows(
            ex,
            sql`SELECT m.child::text AS key, ${SUMS} FROM ${FROM} ${joinChild(sub, sql`r.org_unit_id`)} WHERE ${base()} GROUP BY m.child`,
          )
        ).map((r) => ({ ...r, label: sub.names.get(String(r.key)) ?? '—' }));
        break;
      case 'touchpoint':
        list = await rows(
          ex,
          sql`SELECT r.touchpoint_id AS key, coalesce(tp.name, '—') AS label, ${SUMS} FROM ${FROM}
            LEFT JOIN touchpoints tp ON tp.tenant_id = r.tenant_id AND tp.id = r.touchpoint_id
            WHERE ${base()} GROUP BY r.touchpoint_id, tp.name`,
        );
        break;
      case 'tier':
        list = await rows(
          ex,
          sql`SELECT substr(r.group_key, 6) AS key, substr(r.group_key, 6) AS label, ${SUMS} FROM ${FROM} WHERE ${base()} GROUP BY r.group_key ORDER BY r.group_key`,
        );
        break;
      case 'day':
      case 'week':
      case 'month':
        list = (
          await rows(
            ex,
            sql`SELECT to_char(date_trunc(${sql.raw(`'${q.groupBy}'`)}, r.day::timestamp), 'YYYY-MM-DD') AS key, ${SUMS}
            FROM ${FROM} WHERE ${base()} GROUP BY 1 ORDER BY 1`,
          )
        ).map((r) => ({ ...r, label: r.key }));
        break;
      default:
        list = await rows(
          ex,
          sql`SELECT ${unit.id}::text AS key, ${unit.name} AS label, ${SUMS} FROM ${FROM} WHERE ${base()}`,
        );
    }
    for (const r of list) out.set(String(r.key), { label: String(r.label), hist: toHist(r) });
    return out;
  };

  // The period and its comparison are independent queries (concurrent on a PostgreSQL pool).
  const span = Date.parse(day(q.to)) - Date.parse(day(q.from));
  const cmp =
    q.compareTo === 'previous'
      ? { from: new Date(Date.parse(day(q.from)) - span).toISOString(), to: day(q.from) }
      : q.compareTo;
  const [current, previous] = await Promise.all([grouped(q.from, q.to), cmp ? grouped(cmp.from, cmp.to) : undefined]);
  // Children are compared with the parent as a whole (horizontal comparison with a vertical reference).
  let parent: ReturnType<typeof compute> | undefined;
  if (q.groupBy === 'children') {
    const total = [...current.values()].reduce((acc, r) => addHistograms(acc, r.hist), emptyHistogram());
    parent = compute(kind, total, { scale, minN });
  }
  if (q.groupBy === 'children') {
    // Children without data still appear (with n = 0) so a ranking shows every unit.
    for (const c of sub.children) if (!current.has(c.id)) current.set(c.id, { label: c.name, hist: emptyHistogram() });
  }
  const out = [...current.entries()].map(([key, { label, hist }]) => {
    const v = compute(kind, hist, { scale, minN });
    const row: TMetricQueryRow = {
      key,
      label,
      value: v.value,
      n: v.n,
      ci: v.ci,
      suppressed: v.suppressed,
      ...(v.extras ? { shares: v.extras } : {}),
    };
    if (previous) {
      const p = compute(kind, previous.get(key)?.hist ?? emptyHistogram(), { scale, minN });
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
  if (q.groupBy === 'children') out.sort((a, b) => Number(b.value ?? -Infinity) - Number(a.value ?? -Infinity));
  return {
    metric: q.metric,
    kind,
    orgUnit: { id: unit.id, name: unit.name },
    from: day(q.from),
    to: day(q.to),
    ...(q.tier !== undefined ? { tier: q.tier } : {}),
    ...(q.segmentId ? { segmentId: q.segmentId } : {}),
    rows: out,
    ...(parent ? { parent: { value: parent.value, n: parent.n, ci: parent.ci } } : {}),
  };
}
