import {
  evaluateFormula,
  type FormulaNode,
  formulaLeaves,
  type LeafValue,
  leafKey,
  type MetricValue,
  significantDifference,
  type TMetricQueryRow,
} from '@loopcx/shared';
import type { SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../platform/db.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { requireUnitInScope } from '../org/scope.ts';
import { inSubtree, joinChild, loadSubtree, type Subtree } from '../org/subtree.ts';
import { checkFormula, findMetricDefinition, type MetricDefinition } from './definitions.ts';
import { type MetricQuery, queryMetric } from './query.ts';

const NIL = '00000000-0000-0000-0000-000000000000';
const Z = 1.959963984540054;
const day = (s: string) => s.slice(0, 10);

type Unit = { id: string; path: string; name: string };
type Group = { label: string; leaves: Map<string, LeafValue> };
type Leaf = ReturnType<typeof formulaLeaves>[number];

/**
 * SELECT key/label, extra JOIN and GROUP BY for one grouping, over a source whose unit column is `unitExpr`. Children
 * come from the subtree's unit → child map (see org/subtree.ts), their labels from its names.
 */
function grouping(
  groupBy: MetricQuery['groupBy'],
  unit: Unit,
  sub: Subtree,
  tenantId: string,
  unitExpr: SQL,
  dayExpr: SQL,
  tpExpr: SQL,
): { select: SQL; join: SQL; group: SQL } {
  switch (groupBy) {
    case 'children':
      return {
        select: sql`m.child::text AS key, NULL::text AS label`,
        join: joinChild(sub, unitExpr),
        group: sql`GROUP BY m.child`,
      };
    case 'touchpoint':
      return {
        select: sql`${tpExpr}::text AS key, coalesce(tp.name, '—') AS label`,
        join: sql`LEFT JOIN touchpoints tp ON tp.tenant_id = ${tenantId} AND tp.id = ${tpExpr}`,
        group: sql`GROUP BY 1, tp.name`,
      };
    case 'day':
    case 'week':
    case 'month': {
      const k = sql`to_char(date_trunc(${sql.raw(`'${groupBy}'`)}, ${dayExpr}::timestamp), 'YYYY-MM-DD')`;
      return { select: sql`${k} AS key, ${k} AS label`, join: sql``, group: sql`GROUP BY 1` };
    }
    default:
      return { select: sql`${unit.id}::text AS key, ${unit.name}::text AS label`, join: sql``, group: sql`` };
  }
}

interface Ctx {
  ex: Executor;
  actor: Actor;
  q: MetricQuery;
  unit: Unit;
  sub: Subtree;
  tz: string;
}

/** One aggregate leaf, grouped, for a period: event rollups, raw events (distinct customers), invitations, or a survey metric. */
async function fetchLeaf(
  c: Ctx,
  leaf: Leaf,
  from: string,
  to: string,
  groupBy: MetricQuery['groupBy'],
): Promise<Map<string, { label: string; v: LeafValue }>> {
  const out = new Map<string, { label: string; v: LeafValue }>();
  const { actor, unit, sub, q, tz } = c;
  const label = (r: { key: string; label: string | null }) =>
    groupBy === 'children' ? (sub.names.get(r.key) ?? '—') : String(r.label);
  if (leaf.t === 'agg' && leaf.fn !== 'distinct_customers') {
    const g = grouping(groupBy, unit, sub, actor.tenantId, sql`r.org_unit_id`, sql`r.day`, sql`r.touchpoint_id`);
    const variant = leaf.where ? `${leaf.where.property}=${String(leaf.where.value)}` : '';
    const list = await rows<{
      key: string;
      label: string;
      n: number | null;
      nv: number | null;
      sum: number | null;
      sumsq: number | null;
    }>(
      c.ex,
      sql`SELECT ${g.select}, sum(r.n)::float8 AS n, sum(r.nv)::float8 AS nv, sum(r.sum)::float8 AS sum, sum(r.sumsq)::float8 AS sumsq
          FROM event_rollups r ${g.join}
          WHERE r.tenant_id = ${actor.tenantId} AND r.type = ${leaf.eventType} AND r.variant = ${variant} AND ${inSubtree(sub, sql`r.org_unit_id`)}
            AND r.day >= ${day(from)} AND r.day < ${day(to)} ${q.touchpointId ? sql`AND r.touchpoint_id = ${q.touchpointId}` : sql``}
          ${g.group}`,
    );
    for (const r of list) {
      const n = Number(r.n ?? 0);
      // Counts are Poisson (variance = count); sums of values are compound Poisson (variance = Σ value²).
      const v: LeafValue =
        leaf.fn === 'count'
          ? { value: n, variance: n, n }
          : { value: Number(r.sum ?? 0), variance: Number(r.sumsq ?? 0), n: Number(r.nv ?? 0) };
      out.set(String(r.key), { label: label(r), v });
    }
    return out;
  }
  if (leaf.t === 'agg') {
    const dayExpr = sql`(e.occurred_at AT TIME ZONE ${tz})::date`;
    const g = grouping(
      groupBy,
      unit,
      sub,
      actor.tenantId,
      sql`e.org_unit_id`,
      dayExpr,
      sql`coalesce(e.touchpoint_id, ${NIL}::uuid)`,
    );
    const where = leaf.where
      ? sql`AND e.properties @> ${JSON.stringify({ [leaf.where.property]: leaf.where.value })}::jsonb`
      : sql``;
    const list = await rows<{ key: string; label: string; d: number }>(
      c.ex,
      sql`SELECT ${g.select}, count(DISTINCT coalesce(e.customer_id::text, e.customer_ref))::float8 AS d
          FROM events e ${g.join}
          WHERE e.tenant_id = ${actor.tenantId} AND e.type = ${leaf.eventType} ${where} AND ${inSubtree(sub, sql`e.org_unit_id`)}
            AND e.occurred_at >= (${day(from)}::timestamp AT TIME ZONE ${tz}) AND e.occurred_at < (${day(to)}::timestamp AT TIME ZONE ${tz})
            ${q.touchpointId ? sql`AND e.touchpoint_id = ${q.touchpointId}` : sql``}
          ${g.group}`,
    );
    for (const r of list)
      out.set(String(r.key), { label: label(r), v: { value: Number(r.d), variance: Number(r.d), n: Number(r.d) } });
    return out;
  }
  if (leaf.key === 'invitations' || leaf.key === 'invited_responses') {
    const dayExpr = sql`(i.created_at AT TIME ZONE ${tz})::date`;
    const g = grouping(
      groupBy,
      unit,
      sub,
      actor.tenantId,
      sql`i.org_unit_id`,
      dayExpr,
      sql`coalesce(i.touchpoint_id, ${NIL}::uuid)`,
    );
    const list = await rows<{ key: string; label: string; n: number }>(
      c.ex,
      sql`SELECT ${g.select}, count(*) FILTER (WHERE ${leaf.key === 'invitations' ? sql`true` : sql`i.responded_at IS NOT NULL`})::float8 AS n
          FROM invitations i ${g.join}
          WHERE i.tenant_id = ${actor.tenantId} AND ${inSubtree(sub, sql`i.org_unit_id`)}
            -- Invitations that went out: personal links (created) and Reach sends; not suppressed, failed or unsent.
            AND i.status IN ('created', 'sent', 'delivered')
            AND i.created_at >= (${day(from)}::timestamp AT TIME ZONE ${tz}) AND i.created_at < (${day(to)}::timestamp AT TIME ZONE ${tz})
            ${q.surveyId ? sql`AND i.survey_id = ${q.surveyId}` : sql``} ${q.touchpointId ? sql`AND i.touchpoint_id = ${q.touchpointId}` : sql``}
          ${g.group}`,
    );
    for (const r of list)
      out.set(String(r.key), { label: label(r), v: { value: Number(r.n), variance: Number(r.n), n: Number(r.n) } });
    return out;
  }
  // Survey metrics come from the score-rollup engine itself (same grouping keys), with every n so the formula
  // applies its own minimum; the variance is recovered from the 95 % interval.
  const res = await queryMetric(c.ex, actor, {
    metric: leaf.key,
    orgUnitId: unit.id,
    surveyId: q.surveyId,
    touchpointId: q.touchpointId,
    from,
    to,
    groupBy,
    minN: 1,
  });
  for (const r of res.rows as Array<{
    key: string;
    label: string;
    value: number | null;
    n: number;
    ci: [number, number] | null;
  }>) {
    const variance = leaf.key === 'responses' ? r.n : r.ci ? ((r.ci[1] - r.ci[0]) / (2 * Z)) ** 2 : 0;
    out.set(String(r.key), { label: r.label, v: { value: r.value, variance, n: r.n } });
  }
  return out;
}

async function period(
  c: Ctx,
  leaves: Leaf[],
  from: string,
  to: string,
  groupBy: MetricQuery['groupBy'],
): Promise<Map<string, Group>> {
  const groups = new Map<string, Group>();
  // Leaves are independent queries (concurrent on a PostgreSQL pool, one after another on PGlite).
  const fetched = await Promise.all(leaves.map((leaf) => fetchLeaf(c, leaf, from, to, groupBy)));
  for (const [i, leaf] of leaves.entries()) {
    const key = leafKey(leaf);
    for (const [k, { label, v }] of fetched[i]) {
      const g = groups.get(k) ?? { label, leaves: new Map() };
      g.leaves.set(key, v);
      groups.set(k, g);
    }
  }
  return groups;
}

/** A missing leaf in a group: counts and sums are 0 there; survey metrics have no value. */
const absent = (key: string): LeafValue =>
  key.startsWith('metric:') && key !== 'metric:responses' && !key.startsWith('metric:invit')
    ? { value: null, variance: 0, n: 0 }
    : { value: 0, variance: 0, n: 0 };

function evaluate(ast: FormulaNode, g: Group | undefined, minN: number) {
  const v = evaluateFormula(ast, (k) => g?.leaves.get(k) ?? absent(k));
  const suppressed = v.n < minN;
  const ci: [number, number] | null =
    v.value !== null && !suppressed && v.variance > 0
      ? [v.value - Z * Math.sqrt(v.variance), v.value + Z * Math.sqrt(v.variance)]
      : null;
  const mv: MetricValue = {
    value: suppressed ? null : v.value,
    n: v.n,
    ci,
    variance: suppressed || v.value === null ? null : v.variance,
  };
  return {
    mv,
    suppressed,
    ...(v.denominator !== undefined
      ? { numerator: suppressed ? null : v.numerator, denominator: suppressed ? null : v.denominator }
      : {}),
  };
}

/**
 * Answers a metric query for a formula metric (a tenant definition, response_rate, or an unsaved `formula` being
 * previewed): each aggregate leaf is read grouped the same way (rollups for event counts and sums, raw events for
 * distinct customers, the score engine for survey metrics), then the formula is evaluated per group with a
 * delta-method 95 % interval. Ratios carry their numerator and denominator; values below min n are hidden.
 */
export async function queryFormulaMetric(ex: Executor, actor: Actor, q: MetricQuery) {
  let def:
    | Pick<
        MetricDefinition,
        'key' | 'name' | 'nameEn' | 'formula' | 'format' | 'decimals' | 'direction' | 'target' | 'minN'
      >
    | undefined;
  if (q.formula)
    def = {
      key: q.metric,
      name: q.metric,
      nameEn: null,
      formula: q.formula,
      format: 'number',
      decimals: 2,
      direction: 'higher',
      target: null,
      minN: 5,
    };
  else {
    const found = await findMetricDefinition(ex, actor.tenantId, q.metric);
    if (found?.status !== 'active' || !found.formula)
      throw invalid(
        'metric',
        'not a defined metric: one of nps, csat, ces, responses, rating:<question>, response_rate or a key from GET /metrics',
      );
    def = found;
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(q.from) || !/^\d{4}-\d{2}-\d{2}/.test(q.to) || day(q.from) >= day(q.to))
    throw invalid('to', 'give from < to as dates (YYYY-MM-DD)');
  const ast = await checkFormula(ex, actor.tenantId, def.formula!);
  const unit: Unit = await requireUnitInScope(ex, actor, q.orgUnitId ?? actor.orgUnitId);
  if (
    q.surveyId &&
    !(await one(ex, sql`SELECT 1 FROM surveys WHERE tenant_id = ${actor.tenantId} AND id = ${q.surveyId}`))
  )
    throw new AppError('not_found', 'Survey not found');
  const tz =
    (await one<{ timezone: string }>(ex, sql`SELECT timezone FROM tenants WHERE id = ${actor.tenantId}`))?.timezone ??
    'UTC';
  const c: Ctx = { ex, actor, q, unit, sub: await loadSubtree(ex, actor.tenantId, unit), tz };
  const leaves = formulaLeaves(ast);
  const minN = q.minN ?? def.minN;

  const span = Date.parse(day(q.to)) - Date.parse(day(q.from));
  const cmp =
    q.compareTo === 'previous'
      ? { from: new Date(Date.parse(day(q.from)) - span).toISOString(), to: day(q.from) }
      : q.compareTo;
  const [current, previous, whole] = await Promise.all([
    period(c, leaves, q.from, q.to, q.groupBy),
    cmp ? period(c, leaves, cmp.from, cmp.to, q.groupBy) : undefined,
    q.groupBy === 'children' ? period(c, leaves, q.from, q.to, undefined) : undefined,
  ]);
  let parent: ReturnType<typeof evaluate> | undefined;
  if (whole) {
    parent = evaluate(ast, whole.get(unit.id), minN);
    for (const ch of c.sub.children) if (!current.has(ch.id)) current.set(ch.id, { label: ch.name, leaves: new Map() });
  }
  if (!q.groupBy && !current.has(unit.id)) current.set(unit.id, { label: unit.name, leaves: new Map() });
  const out = [...current.entries()].map(([key, g]) => {
    const v = evaluate(ast, g, minN);
    const row: TMetricQueryRow = {
      key,
      label: g.label,
      value: v.mv.value,
      n: v.mv.n,
      ci: v.mv.ci,
      suppressed: v.suppressed,
    };
    if ('numerator' in v) Object.assign(row, { numerator: v.numerator, denominator: v.denominator });
    if (previous) {
      const p = evaluate(ast, previous.get(key), minN);
      row.previous = p.mv.value;
      row.change = v.mv.value !== null && p.mv.value !== null ? v.mv.value - p.mv.value : null;
      row.significant = significantDifference(v.mv, p.mv);
    }
    if (parent && parent.mv.value !== null && v.mv.value !== null) {
      row.gapToParent = v.mv.value - parent.mv.value;
      row.significantGap = significantDifference(v.mv, parent.mv);
    }
    return row;
  });
  if (q.groupBy === 'children' || q.groupBy === 'touchpoint') {
    const sign = def.direction === 'lower' ? 1 : -1;
    out.sort((a, b) => (a.value === null ? 1 : b.value === null ? -1 : sign * (Number(a.value) - Number(b.value))));
  } else if (q.groupBy) out.sort((a, b) => String(a.key).localeCompare(String(b.key)));
  return {
    metric: q.metric,
    kind: 'formula' as const,
    definition: {
      key: def.key,
      name: def.name,
      nameEn: def.nameEn,
      formula: def.formula,
      format: def.format,
      decimals: def.decimals,
      direction: def.direction,
      target: def.target,
      minN,
    },
    orgUnit: { id: unit.id, name: unit.name },
    from: day(q.from),
    to: day(q.to),
    rows: out,
    ...(parent
      ? {
          parent: {
            value: parent.mv.value,
            n: parent.mv.n,
            ci: parent.mv.ci,
            ...('numerator' in parent ? { numerator: parent.numerator, denominator: parent.denominator } : {}),
          },
        }
      : {}),
  };
}
