import type { TTextTriage, TVerbatimResponse } from '@loopcx/shared';
import type { SQL } from 'drizzle-orm';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { invalid, notFound } from '../../../platform/errors.ts';
import { likeContains } from '../../org/scope.ts';
import type { StoredTopic } from '../commands/write-analyses.ts';
import type { TTextFilters } from '../schema.ts';
import { clusterMemberWhere, clusterSizes } from './clusters.ts';
import { period, textScope, triageClause } from './filters.ts';

export interface VerbatimFilters extends TTextFilters {
  topicId?: string;
  sentiment?: 'negative' | 'neutral' | 'positive';
  triage?: TTextTriage[];
  q?: string;
  /** Only the members of this near-duplicate cluster. */
  cluster?: string;
  cursor?: string;
  limit?: number;
}

export interface AnalysisRow {
  id: string;
  source_kind: 'response' | 'feedback';
  source_id: string;
  question: string | null;
  org_unit_id: string | null;
  unit_code: string | null;
  unit_name: string | null;
  touchpoint_id: string | null;
  touchpoint_name: string | null;
  occurred_at: Date | string;
  text: string;
  language: string;
  sentiment: 'negative' | 'neutral' | 'positive';
  score: number;
  topics: StoredTopic[];
  keywords: string[];
  matches: Array<{ topicId: string; start: number; end: number }>;
  corrected: boolean;
  triage: TTextTriage | null;
  triage_confidence: number | null;
  triage_corrected: boolean;
  cluster_id: string | null;
}

const SELECT = sql`SELECT a.id, a.source_kind, a.source_id, a.question, a.org_unit_id, o.code AS unit_code, o.name AS unit_name, a.touchpoint_id, tp.name AS touchpoint_name,
  a.occurred_at, a.text, a.language, a.sentiment, a.score, a.topics, a.keywords, a.matches, a.corrected,
  a.triage, a.triage_confidence, a.triage_corrected, a.cluster_id
  FROM text_analyses a
  LEFT JOIN org_units o ON o.tenant_id = a.tenant_id AND o.id = a.org_unit_id
  LEFT JOIN touchpoints tp ON tp.tenant_id = a.tenant_id AND tp.id = a.touchpoint_id`;

/**
 * A verbatim as the console shows it: the text, its analysis, highlight ranges (for one topic when filtered) and its
 * near-duplicate cluster with the size the caller's query counted (`sizes`).
 */
export function presentAnalysis(r: AnalysisRow, topicId?: string, sizes?: Map<string, number>): TVerbatimResponse {
  const matches = (r.matches ?? []).filter((m) => !topicId || m.topicId === topicId).sort((x, y) => x.start - y.start);
  return {
    id: r.id,
    sourceKind: r.source_kind,
    sourceId: r.source_id,
    question: r.question,
    orgUnit: r.org_unit_id ? { id: r.org_unit_id, code: r.unit_code, name: r.unit_name } : null,
    touchpoint: r.touchpoint_id ? { id: r.touchpoint_id, name: r.touchpoint_name } : null,
    occurredAt: new Date(r.occurred_at).toISOString(),
    text: r.text,
    language: r.language,
    sentiment: r.sentiment,
    score: Number(r.score),
    topics: (r.topics ?? []).map(({ explain, ...t }) =>
      explain
        ? {
            ...t,
            explain: {
              ...explain,
              clauses: explain.clauses.map((c) => ({ ...c, text: r.text.slice(c.start, c.end) })),
            },
          }
        : t,
    ),
    keywords: r.keywords ?? [],
    highlights: matches.map((m) => ({ start: m.start, end: m.end, topicId: m.topicId })),
    corrected: r.corrected,
    triage: r.triage,
    triageConfidence: r.triage_confidence === null ? null : Number(r.triage_confidence),
    triageCorrected: r.triage_corrected,
    cluster: r.cluster_id ? { id: r.cluster_id, size: sizes?.get(r.cluster_id) ?? 1 } : null,
  };
}

/** Analysed texts matching the filters, newest first, keyset-paginated by (occurred_at, id). */
export async function listVerbatims(ex: Executor, actor: Actor, f: VerbatimFilters, now: Date) {
  // Scope, period, topic and sentiment, as the clusters panel counts them (per-topic sentiment: "negative about
  // packaging" even when the whole comment is mixed); the search text, triage, cluster and cursor narrow the page only.
  const { where } = await clusterMemberWhere(ex, actor, f, now);
  const parts: SQL[] = [where];
  if (f.q) parts.push(sql`a.text ILIKE ${likeContains(f.q)}`);
  if (f.triage?.length) parts.push(sql`true ${triageClause(f.triage)}`);
  if (f.cluster) parts.push(sql`a.cluster_id = ${f.cluster}`);
  if (f.cursor) {
    const [at, id] = Buffer.from(f.cursor, 'base64url').toString().split('|');
    if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id))
      throw invalid('cursor', 'not a valid cursor');
    parts.push(sql`(a.occurred_at, a.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const limit = f.limit ?? 50;
  const list = await rows<AnalysisRow>(
    ex,
    sql`${SELECT} WHERE ${sql.join(parts, sql` AND `)} ORDER BY a.occurred_at DESC, a.id DESC LIMIT ${limit + 1}`,
  );
  const page = list.slice(0, limit);
  const last = page.at(-1);
  const sizes = await clusterSizes(
    ex,
    where,
    page.flatMap((r) => (r.cluster_id ? [r.cluster_id] : [])),
  );
  return {
    items: page.map((r) => presentAnalysis(r, f.topicId, sizes)),
    nextCursor:
      list.length > limit && last
        ? Buffer.from(`${new Date(last.occurred_at).toISOString()}|${last.id}`).toString('base64url')
        : null,
  };
}

/** One analysis in the caller's scope (404 for another tenant's or an out-of-scope id). */
export async function getAnalysis(ex: Executor, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}) {
  const where = await textScope(ex, actor, {}, 'a');
  const row = await one<AnalysisRow>(
    ex,
    sql`${SELECT} WHERE ${where} AND a.id = ${id} ${opts.forUpdate ? sql`FOR UPDATE OF a` : sql``}`,
  );
  if (!row) throw notFound('Text analysis');
  return row;
}

/** One analysis as the API shows it, its cluster sized over the caller's whole scope (all time). */
export async function presentOne(ex: Executor, actor: Actor, row: AnalysisRow): Promise<TVerbatimResponse> {
  const sizes = row.cluster_id
    ? await clusterSizes(ex, await textScope(ex, actor, {}, 'a'), [row.cluster_id])
    : undefined;
  return presentAnalysis(row, undefined, sizes);
}

/** The most frequent keywords with their negative count, for the word cloud. */
export async function wordCloud(
  ex: Executor,
  actor: Actor,
  f: TTextFilters & { sentiment?: string; topicId?: string; limit?: number },
  now: Date,
) {
  const p = period(f, now);
  const parts: SQL[] = [
    await textScope(ex, actor, f, 'a'),
    sql`a.occurred_at >= ${p.from}`,
    sql`a.occurred_at < ${p.to}`,
  ];
  if (f.sentiment) parts.push(sql`a.sentiment = ${f.sentiment}`);
  if (f.topicId)
    parts.push(
      sql`EXISTS (SELECT 1 FROM text_topic_hits h WHERE h.tenant_id = a.tenant_id AND h.analysis_id = a.id AND h.topic_id = ${f.topicId})`,
    );
  const list = await rows<{ term: string; count: number; negative: number }>(
    ex,
    sql`SELECT k AS term, count(*)::int AS count, count(*) FILTER (WHERE a.sentiment = 'negative')::int AS negative
        FROM text_analyses a CROSS JOIN LATERAL unnest(a.keywords) AS k
        WHERE ${sql.join(parts, sql` AND `)} GROUP BY k ORDER BY count DESC, k LIMIT ${f.limit ?? 100}`,
  );
  return {
    from: p.from,
    to: p.to,
    terms: list.map((t) => ({ ...t, negativeShare: t.count ? (100 * t.negative) / t.count : null })),
  };
}
