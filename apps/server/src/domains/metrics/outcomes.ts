import {
  dayRangeInstants,
  lastDays,
  type OutcomeGroupDef,
  outcomeGroups,
  summarizeOutcomes,
  type TOutcomeQuery,
  type TOutcomeResponse,
} from '@loopcx/shared';
import type { SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../platform/db.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { requireUnitInScope } from '../org/scope.ts';
import { inSubtree, loadSubtree } from '../org/subtree.ts';
import { tenantTimeZone } from '../tenancy/queries/tenant-time-zone.ts';

const DAY_MS = 86_400_000;

/** One score value's counts from the database: complete windows, those with the outcome, pending windows. */
interface ScoreCounts {
  score: number;
  n: number;
  hits: number;
  pending: number;
}

/**
 * X → O validation (decision 78): for every scored response of a resolved customer (`responses.customer_id`)
 * answered in [from, to) in the unit's subtree, whether that customer had ≥ 1 event of the outcome type strictly
 * after the answer and before answer + N days (anywhere in the tenant: a repurchase at another store counts).
 * Each response is one observation (a customer answering twice counts twice, each with its own window); a
 * response whose window has not fully passed is left out and counted as `pending`. One SQL statement, grouped by
 * score, with an EXISTS probe on `events_customer_type_time_idx` (migration 0090).
 */
export async function queryOutcomes(
  ex: Executor,
  actor: Actor,
  q: TOutcomeQuery & { now: Date },
): Promise<TOutcomeResponse> {
  const unit = await requireUnitInScope(ex, actor, q.orgUnitId ?? actor.orgUnitId);
  const tz = await tenantTimeZone(ex, actor.tenantId);
  const to = q.to ?? lastDays(tz, 1, q.now).to;
  const from = q.from ?? lastDays(tz, 365, q.now).from;
  if (from >= to) throw invalid('to', 'give from < to as dates (YYYY-MM-DD)');
  let scale = 5;
  if (q.surveyId) {
    const s = await one<{ bindings: { csat?: { scale?: number } | string } }>(
      ex,
      sql`SELECT bindings FROM surveys WHERE tenant_id = ${actor.tenantId} AND id = ${q.surveyId}`,
    );
    if (!s) throw new AppError('not_found', 'Survey not found');
    if (typeof s.bindings.csat === 'object' && s.bindings.csat.scale) scale = s.bindings.csat.scale;
  }
  const sub = await loadSubtree(ex, actor.tenantId, unit);
  const range = dayRangeInstants(tz, { from, to });
  const counts = await scoreCounts(ex, actor.tenantId, {
    metric: q.metric,
    outcomeEventType: q.outcomeEventType,
    outcome: q.outcome,
    withinDays: q.withinDays,
    surveyId: q.surveyId,
    sub: inSubtree(sub, sql`r.org_unit_id`),
    from: range.from,
    to: range.to,
    // Windows that ended by now are complete: answered at or before now − N days.
    completeBy: new Date(q.now.getTime() - q.withinDays * DAY_MS),
  });
  const defs = outcomeGroups(
    q.metric.startsWith('rating:') ? 'rating' : q.metric,
    scale,
    counts.map((c) => c.score),
  );
  const minN = q.minN ?? 30;
  const grouped = defs.map((g) => tally(g, counts));
  const summary = summarizeOutcomes(grouped, minN);
  return {
    metric: q.metric,
    outcomeEventType: q.outcomeEventType,
    outcome: q.outcome,
    withinDays: q.withinDays,
    orgUnitId: unit.id,
    from,
    to,
    groups: summary.groups.map((g, i) => ({ ...g, min: defs[i].min, max: defs[i].max })),
    pending: counts.reduce((s, c) => s + c.pending, 0),
    lift: summary.lift,
    difference: summary.difference,
    test: summary.test,
    verdict: summary.verdict,
    minN,
  };
}

/** A group's counts: the score values in its range summed; `absent` turns "had the event" into "had none". */
function tally(g: OutcomeGroupDef, counts: ScoreCounts[]) {
  let n = 0;
  let hits = 0;
  for (const c of counts)
    if (c.score >= g.min && c.score <= g.max) {
      n += c.n;
      hits += c.hits;
    }
  return { key: g.key, n, outcomes: hits, min: g.min, max: g.max };
}

/**
 * The one statement: scored responses of resolved customers grouped by their (rounded) score, with complete
 * windows, windows with the outcome (`occurs`: an event exists; `absent`: none exists), and pending windows.
 */
async function scoreCounts(
  ex: Executor,
  tenantId: string,
  q: Pick<TOutcomeQuery, 'metric' | 'outcomeEventType' | 'outcome' | 'withinDays' | 'surveyId'> & {
    sub: SQL;
    from: Date;
    to: Date;
    completeBy: Date;
  },
): Promise<ScoreCounts[]> {
  const key = q.metric;
  const probe = sql`EXISTS (SELECT 1 FROM events e
      WHERE e.tenant_id = ${tenantId} AND e.customer_id = r.customer_id AND e.type = ${q.outcomeEventType}
        AND e.occurred_at > r.submitted_at AND e.occurred_at < r.submitted_at + make_interval(days => ${q.withinDays}::int))`;
  const hit = q.outcome === 'absent' ? sql`NOT ${probe}` : probe;
  const list = await rows<{ score: number; n: number; hits: number; pending: number }>(
    ex,
    sql`SELECT round((r.scores->>${key})::float8)::int AS score,
               count(*) FILTER (WHERE r.submitted_at <= ${q.completeBy.toISOString()}::timestamptz)::int AS n,
               count(*) FILTER (WHERE r.submitted_at <= ${q.completeBy.toISOString()}::timestamptz AND ${hit})::int AS hits,
               count(*) FILTER (WHERE r.submitted_at > ${q.completeBy.toISOString()}::timestamptz)::int AS pending
          FROM responses r
         WHERE r.tenant_id = ${tenantId} AND r.customer_id IS NOT NULL AND r.scores ? ${key}
           AND jsonb_typeof(r.scores->${key}) = 'number'
           AND r.submitted_at >= ${q.from.toISOString()}::timestamptz AND r.submitted_at < ${q.to.toISOString()}::timestamptz
           AND ${q.sub} ${q.surveyId ? sql`AND r.survey_id = ${q.surveyId}` : sql``}
         GROUP BY 1 ORDER BY 1`,
  );
  return list.map((r) => ({
    score: Number(r.score),
    n: Number(r.n),
    hits: Number(r.hits),
    pending: Number(r.pending),
  }));
}
