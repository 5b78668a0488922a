import {
  compute,
  emptyHistogram,
  type Histogram,
  significantDifference,
  type TJourneyMapResponse,
  type TMapTouchpoint,
} from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { scoreRollupsFor } from '../../metrics/rollup-source.ts';
import { requireUnitInScope } from '../../org/scope.ts';
import { inSubtree, loadSubtree, type Subtree } from '../../org/subtree.ts';
import { journeyView } from './get-journey.ts';

export interface JourneyMapQuery {
  orgUnitId?: string;
  /** First day (YYYY-MM-DD), inclusive. */
  from: string;
  /** Last day, exclusive (as in POST /metrics/query). */
  to: string;
  minN?: number;
}

const DAY = 86400_000;
const H = Array.from({ length: 11 }, (_, i) => `h${i}`);
const SUMS = sql.raw(
  `sum(r.n)::float8 AS n, sum(r.sum)::float8 AS sum, sum(r.sumsq)::float8 AS sumsq, ${H.map((h) => `sum(r.${h})::float8 AS ${h}`).join(', ')}`,
);
const toHist = (r: Record<string, unknown>): Histogram => ({
  n: Number(r.n ?? 0),
  sum: Number(r.sum ?? 0),
  sumsq: Number(r.sumsq ?? 0),
  h: H.map((h) => Number(r[h] ?? 0)),
});
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * CSAT is top-2-box on each survey's own scale (5- or 7-point). Surveys of one touchpoint may differ, so each
 * survey's histogram is reduced to (top-2, n) and the reductions are added as a two-bar histogram: the share and
 * its Wilson interval are then exact for the touchpoint as a whole.
 */
function csatTopBox(h: Histogram, scale: number): Histogram {
  const n = h.h.slice(1, scale + 1).reduce((s, v) => s + v, 0);
  const top = h.h[scale] + h.h[scale - 1];
  const out = emptyHistogram();
  out.h[5] = top;
  out.h[1] = n - top;
  out.n = n;
  return out;
}
const add = (a: Histogram, b: Histogram): Histogram => ({
  n: a.n + b.n,
  sum: a.sum + b.sum,
  sumsq: a.sumsq + b.sumsq,
  h: a.h.map((v, i) => v + b.h[i]),
});

interface TouchpointText {
  comments: number;
  negative: number;
  top: { topic: string; topicEn: string | null; code: string; count: number } | null;
}

/**
 * Analysed comments per touchpoint in the unit's subtree and period (tenant-local days, like the rollups):
 * survey comments and feedback items alike, how many are negative, and the topic most often negative.
 */
async function touchpointComments(
  ex: Executor,
  tenantId: string,
  sub: Subtree,
  touchpoints: string[],
  from: string,
  to: string,
) {
  const tz =
    (await one<{ timezone: string }>(ex, sql`SELECT timezone FROM tenants WHERE id = ${tenantId}`))?.timezone ?? 'UTC';
  const tpList = sql`(SELECT jsonb_array_elements_text(${JSON.stringify(touchpoints)}::jsonb)::uuid)`;
  const where = (a: string) =>
    sql`${sql.raw(a)}.tenant_id = ${tenantId} AND ${sql.raw(a)}.touchpoint_id IN ${tpList}
        AND ${sql.raw(a)}.occurred_at >= (${from}::date::timestamp AT TIME ZONE ${tz}) AND ${sql.raw(a)}.occurred_at < (${to}::date::timestamp AT TIME ZONE ${tz})
        AND ${inSubtree(sub, sql`${sql.raw(a)}.org_unit_id`)}`;
  const counts = await rows<{ tp: string; comments: number; negative: number }>(
    ex,
    sql`SELECT a.touchpoint_id AS tp, count(*)::int AS comments, count(*) FILTER (WHERE a.sentiment = 'negative')::int AS negative
        FROM text_analyses a WHERE ${where('a')} GROUP BY 1`,
  );
  const tops = await rows<{ tp: string; topic: string; topic_en: string | null; code: string; count: number }>(
    ex,
    sql`SELECT DISTINCT ON (x.tp) x.tp, t.name AS topic, t.name_en AS topic_en, t.code, x.count
        FROM (SELECT h.touchpoint_id AS tp, h.topic_id, count(*)::int AS count FROM text_topic_hits h
              WHERE ${where('h')} AND h.sentiment = 'negative' GROUP BY 1, 2) x
        JOIN text_topics t ON t.tenant_id = ${tenantId} AND t.id = x.topic_id
        ORDER BY x.tp, x.count DESC, t.code`,
  );
  const out = new Map<string, TouchpointText>();
  for (const c of counts) out.set(c.tp, { comments: c.comments, negative: c.negative, top: null });
  for (const t of tops) {
    const c = out.get(t.tp);
    if (c) c.top = { topic: t.topic, topicEn: t.topic_en, code: t.code, count: t.count };
  }
  return out;
}

/**
 * The journey map: every stage's touchpoints with their primary metric (CSAT / NPS / CES) over the unit's subtree
 * (clipped to the caller's scope) and period, n, CI, suppression below min n, change against the previous period
 * of equal length with significance, the gap to the touchpoint's target, and its analysed comments (share
 * negative, top negative topic). One grouped rollup query answers all touchpoints and both periods (whole months
 * from the monthly rollups), so the score cost does not grow with responses; comments are counted from the text
 * tables by touchpoint and period.
 */
export async function journeyMap(
  ex: Executor,
  actor: Actor,
  journeyId: string,
  q: JourneyMapQuery,
): Promise<TJourneyMapResponse> {
  const fromMs = Date.parse(q.from);
  const toMs = Date.parse(q.to);
  if (!(toMs > fromMs)) throw invalid('to', 'must be after from');
  if (toMs - fromMs > 800 * DAY) throw invalid('to', 'a period spans at most 800 days');
  const minN = q.minN ?? 5;
  const journey = await journeyView(ex, actor, journeyId);
  // The unit must lie in the caller's subtree: another tenant's or an out-of-scope unit is a 404.
  const unit = await requireUnitInScope(ex, actor, q.orgUnitId ?? actor.orgUnitId);

  const from = isoDay(fromMs);
  const to = isoDay(toMs);
  const prevFrom = isoDay(fromMs - (toMs - fromMs));
  const tps = journey.stages.flatMap((s) => s.touchpoints);

  const cur = new Map<string, Histogram>();
  const prev = new Map<string, Histogram>();
  const sub = tps.length ? await loadSubtree(ex, actor.tenantId, unit) : undefined;
  if (sub) {
    // Only each touchpoint's primary binding is read; whole months come from the monthly rollups.
    const pairs = JSON.stringify(tps.map((t) => ({ tp: t.id, b: t.primaryMetric })));
    // The bindings on their own too: they lead the rollup indexes (else PostgreSQL scans every rollup row).
    const bindings = `{${[...new Set(tps.map((t) => t.primaryMetric))].join(',')}}`;
    const grouped = (current: boolean, a: string, b: string) =>
      sql`SELECT r.touchpoint_id AS tp, r.survey_id AS survey, r.binding, ${sql.raw(current ? 'true' : 'false')} AS current, ${SUMS}
          FROM ${scoreRollupsFor(actor.tenantId, a, b)}
          WHERE r.binding = ANY(${bindings}::text[]) AND ${inSubtree(sub, sql`r.org_unit_id`)}
            AND (r.touchpoint_id, r.binding) IN (SELECT x.tp, x.b FROM jsonb_to_recordset(${pairs}::jsonb) AS x(tp uuid, b text))
          GROUP BY 1, 2, 3`;
    const list = await rows<
      Record<string, unknown> & { tp: string; survey: string; binding: string; current: boolean; scale: string | null }
    >(ex, sql`${grouped(true, from, to)} UNION ALL ${grouped(false, prevFrom, from)}`);
    const surveyIds = [...new Set(list.filter((r) => r.binding === 'csat').map((r) => r.survey))];
    const scales = new Map(
      surveyIds.length
        ? (
            await rows<{ id: string; scale: string | null }>(
              ex,
              sql`SELECT id, bindings->'csat'->>'scale' AS scale FROM surveys WHERE tenant_id = ${actor.tenantId} AND id IN (SELECT jsonb_array_elements_text(${JSON.stringify(surveyIds)}::jsonb)::uuid)`,
            )
          ).map((s) => [s.id, Number(s.scale) || 5])
        : [],
    );
    const primary = new Map(tps.map((t) => [t.id, t.primaryMetric]));
    for (const r of list) {
      if (primary.get(r.tp) !== r.binding) continue;
      const h = r.binding === 'csat' ? csatTopBox(toHist(r), scales.get(r.survey) ?? 5) : toHist(r);
      const target = r.current ? cur : prev;
      target.set(r.tp, add(target.get(r.tp) ?? emptyHistogram(), h));
    }
  }

  const text = sub
    ? await touchpointComments(
        ex,
        actor.tenantId,
        sub,
        tps.map((t) => t.id),
        from,
        to,
      )
    : new Map<string, TouchpointText>();

  const card = (t: (typeof tps)[number]): TMapTouchpoint => {
    const c = text.get(t.id);
    const kind = t.primaryMetric === 'ces' ? 'mean' : t.primaryMetric;
    const v = compute(kind, cur.get(t.id) ?? emptyHistogram(), { minN });
    const p = compute(kind, prev.get(t.id) ?? emptyHistogram(), { minN });
    return {
      id: t.id,
      code: t.code,
      name: t.name,
      nameEn: t.nameEn,
      channel: t.channel,
      ownerTeam: t.ownerTeam,
      metric: t.primaryMetric,
      value: v.value,
      n: v.n,
      ci: v.ci,
      suppressed: v.suppressed,
      previous: p.value,
      change: v.value !== null && p.value !== null ? v.value - p.value : null,
      significant: !v.suppressed && !p.suppressed && significantDifference(v, p),
      target: t.target,
      gap: v.value !== null && t.target !== null ? v.value - t.target : null,
      negativeShare: c && c.comments > 0 ? (100 * c.negative) / c.comments : null,
      comments: c?.comments ?? 0,
      topNegativeTopic: c?.top ?? null,
    };
  };

  return {
    journey: { id: journey.id, name: journey.name, nameEn: journey.nameEn, status: journey.status },
    orgUnit: { id: unit.id, name: unit.name, nameEn: unit.nameEn },
    from,
    to,
    previous: { from: prevFrom, to: from },
    minN,
    stages: journey.stages.map((s) => ({
      id: s.id,
      name: s.name,
      nameEn: s.nameEn,
      position: s.position,
      touchpoints: s.touchpoints.map(card),
    })),
  };
}
