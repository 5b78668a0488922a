import {
  TEXT_TRIAGE,
  type TTextSummaryResponse,
  type TTextTrendResponse,
  type TTextTriage,
  wilson,
} from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { tenantTimeZone } from '../../tenancy/queries/tenant-time-zone.ts';
import { loadTopics } from '../analyzer-cache.ts';
import type { TTextFilters } from '../schema.ts';
import { period, textScope, triageClause } from './filters.ts';

interface Counts {
  n: number;
  negative: number;
  neutral: number;
  positive: number;
}

/** Counts with the negative share and its 95 % Wilson interval. */
export function withShare(c: Counts) {
  return { ...c, negativeShare: c.n ? (100 * c.negative) / c.n : null, ci: c.n ? wilson(c.negative, c.n) : null };
}

const COUNTS = sql`count(*)::int AS n, count(*) FILTER (WHERE sentiment = 'negative')::int AS negative,
  count(*) FILTER (WHERE sentiment = 'neutral')::int AS neutral, count(*) FILTER (WHERE sentiment = 'positive')::int AS positive`;

/**
 * Topics × sentiment for a scope and period: per topic the volume, each sentiment's count, % negative (0–100) with CI,
 * and the previous period's volume and % negative; plus the totals over all analysed texts.
 */
export async function textSummary(
  ex: Executor,
  actor: Actor,
  f: TTextFilters & { triage?: TTextTriage[] },
  now: Date,
): Promise<TTextSummaryResponse> {
  const p = period(f, now);
  const hitScope = await textScope(ex, actor, f, 'h');
  const aScope = await textScope(ex, actor, f, 'a');
  // With a triage filter, topic counts only count the hits of analyses of those classes.
  const hitTriage = f.triage?.length
    ? sql`AND EXISTS (SELECT 1 FROM text_analyses a WHERE a.tenant_id = h.tenant_id AND a.id = h.analysis_id ${triageClause(f.triage)})`
    : sql``;
  const perTopic = await rows<Counts & { topic_id: string; cur: boolean }>(
    ex,
    sql`SELECT h.topic_id, h.occurred_at >= ${p.from} AS cur, ${COUNTS} FROM text_topic_hits h
        WHERE ${hitScope} AND h.occurred_at >= ${p.prevFrom} AND h.occurred_at < ${p.to} ${hitTriage} GROUP BY 1, 2`,
  );
  const totals = await rows<Counts & { cur: boolean }>(
    ex,
    sql`SELECT a.occurred_at >= ${p.from} AS cur, ${COUNTS} FROM text_analyses a WHERE ${aScope} AND a.occurred_at >= ${p.prevFrom} AND a.occurred_at < ${p.to} ${triageClause(f.triage)} GROUP BY 1`,
  );
  // Per triage class over the period, whatever the triage filter (the strip shows every class).
  const byTriage = await rows<{ triage: TTextTriage | null; n: number }>(
    ex,
    sql`SELECT a.triage, count(*)::int AS n FROM text_analyses a WHERE ${aScope} AND a.occurred_at >= ${p.from} AND a.occurred_at < ${p.to} GROUP BY 1`,
  );
  const triage = { complaint: 0, suggestion: 0, praise: 0, question: 0, noise: 0, unclassified: 0 };
  for (const r of byTriage) {
    if (r.triage && (TEXT_TRIAGE as readonly string[]).includes(r.triage)) triage[r.triage] += r.n;
    else triage.unclassified += r.n;
  }
  const topics = await loadTopics(ex, actor.tenantId);
  const zero = (): Counts => ({ n: 0, negative: 0, neutral: 0, positive: 0 });
  const pick = (list: Array<Counts & { cur: boolean }>, cur: boolean) => {
    const r = list.find((x) => x.cur === cur);
    return r ? { n: r.n, negative: r.negative, neutral: r.neutral, positive: r.positive } : zero();
  };
  const total = withShare(pick(totals, true));
  const totalPrev = withShare(pick(totals, false));
  return {
    from: p.from,
    to: p.to,
    previousFrom: p.prevFrom,
    total: { ...total, previous: { n: totalPrev.n, negativeShare: totalPrev.negativeShare } },
    triage,
    topics: topics
      .map((t) => {
        const list = perTopic.filter((x) => x.topic_id === t.id);
        const cur = withShare(pick(list, true));
        const prev = withShare(pick(list, false));
        return {
          topicId: t.id,
          code: t.code,
          name: t.name,
          nameEn: t.name_en,
          parentId: t.parent_id,
          ...cur,
          share: total.n ? (100 * cur.n) / total.n : null,
          previous: { n: prev.n, negativeShare: prev.negativeShare },
          change:
            cur.negativeShare !== null && prev.negativeShare !== null ? cur.negativeShare - prev.negativeShare : null,
        };
      })
      .sort((a, b) => b.n - a.n),
  };
}

/** Volume and % negative of one topic (or all texts) per day or week. */
export async function topicTrend(
  ex: Executor,
  actor: Actor,
  topicId: string | null,
  f: TTextFilters & { interval?: 'day' | 'week' },
  now: Date,
): Promise<TTextTrendResponse> {
  const p = period(f, now);
  const interval = f.interval ?? 'day';
  const alias = topicId ? 'h' : 'a';
  const where = await textScope(ex, actor, f, alias);
  const table = topicId ? sql`text_topic_hits h` : sql`text_analyses a`;
  const topicFilter = topicId ? sql`AND h.topic_id = ${topicId}` : sql``;
  const a = sql.raw(alias);
  // Points are the tenant's days and weeks.
  const tz = await tenantTimeZone(ex, actor.tenantId);
  const list = await rows<Counts & { period: string }>(
    ex,
    sql`SELECT to_char(date_trunc(${interval}, ${a}.occurred_at AT TIME ZONE ${tz}::text), 'YYYY-MM-DD') AS period, ${COUNTS} FROM ${table}
        WHERE ${where} ${topicFilter} AND ${a}.occurred_at >= ${p.from} AND ${a}.occurred_at < ${p.to} GROUP BY 1 ORDER BY 1`,
  );
  return { from: p.from, to: p.to, interval, points: list.map((r) => ({ period: r.period, ...withShare(r) })) };
}
