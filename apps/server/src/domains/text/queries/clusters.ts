import type { TTextCluster } from '@loopcx/shared';
import type { SQL } from 'drizzle-orm';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import type { TTextFilters } from '../schema.ts';
import { period, textScope } from './filters.ts';

export interface ClusterFilters extends TTextFilters {
  topicId?: string;
  sentiment?: 'negative' | 'neutral' | 'positive';
  minSize?: number;
  limit?: number;
}

/**
 * The WHERE clause of analyses in the caller's scope, period and topic/sentiment filters (alias `a`), shared by the
 * cluster list and the verbatims' cluster sizes. A topic filter reads the per-topic sentiment, like the verbatims.
 */
export async function clusterMemberWhere(
  ex: Executor,
  actor: Actor,
  f: ClusterFilters,
  now: Date,
): Promise<{ where: SQL; from: string; to: string }> {
  const p = period(f, now);
  const parts: SQL[] = [
    await textScope(ex, actor, f, 'a'),
    sql`a.occurred_at >= ${p.from}`,
    sql`a.occurred_at < ${p.to}`,
  ];
  if (f.topicId) {
    if (!(await one(ex, sql`SELECT 1 FROM text_topics WHERE tenant_id = ${actor.tenantId} AND id = ${f.topicId}`)))
      throw notFound('Topic');
    parts.push(
      sql`EXISTS (SELECT 1 FROM text_topic_hits h WHERE h.tenant_id = a.tenant_id AND h.analysis_id = a.id AND h.topic_id = ${f.topicId} ${f.sentiment ? sql`AND h.sentiment = ${f.sentiment}` : sql``})`,
    );
  } else if (f.sentiment) parts.push(sql`a.sentiment = ${f.sentiment}`);
  return { where: sql.join(parts, sql` AND `), from: p.from, to: p.to };
}

const idList = (ids: string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/**
 * Near-duplicate clusters with at least `minSize` members inside the filters, biggest first ("which needs are
 * real"). Counts, first/last seen, units and topics are counted over the members the caller may see; the text
 * shown is the earliest such member, never a text from outside the caller's scope.
 */
export async function listClusters(ex: Executor, actor: Actor, f: ClusterFilters, now: Date) {
  const { where, from, to } = await clusterMemberWhere(ex, actor, f, now);
  const top = await rows<{
    cluster_id: string;
    count: number;
    first_seen: Date | string;
    last_seen: Date | string;
    negative: number;
    neutral: number;
    positive: number;
    representative: string;
  }>(
    ex,
    sql`SELECT a.cluster_id, count(*)::int AS count, min(a.occurred_at) AS first_seen, max(a.occurred_at) AS last_seen,
               count(*) FILTER (WHERE a.sentiment = 'negative')::int AS negative,
               count(*) FILTER (WHERE a.sentiment = 'neutral')::int AS neutral,
               count(*) FILTER (WHERE a.sentiment = 'positive')::int AS positive,
               (array_agg(a.text ORDER BY a.occurred_at, a.id))[1] AS representative
        FROM text_analyses a
        WHERE ${where} AND a.cluster_id IS NOT NULL
        GROUP BY a.cluster_id HAVING count(*) >= ${f.minSize ?? 2}
        ORDER BY count(*) DESC, max(a.occurred_at) DESC, a.cluster_id LIMIT ${f.limit ?? 20}`,
  );
  if (top.length === 0) return { from, to, items: [] as TTextCluster[] };
  const ids = top.map((t) => t.cluster_id);
  const [units, topics] = await Promise.all([
    rows<{ cluster_id: string; id: string; code: string | null; name: string | null; count: number }>(
      ex,
      sql`SELECT a.cluster_id, a.org_unit_id AS id, o.code, o.name, count(*)::int AS count
          FROM text_analyses a LEFT JOIN org_units o ON o.tenant_id = a.tenant_id AND o.id = a.org_unit_id
          WHERE ${where} AND a.cluster_id IN (${idList(ids)}) AND a.org_unit_id IS NOT NULL
          GROUP BY a.cluster_id, a.org_unit_id, o.code, o.name ORDER BY count(*) DESC, o.code`,
    ),
    rows<{ cluster_id: string; topic_id: string; topic: string; name_en: string | null; count: number }>(
      ex,
      sql`SELECT a.cluster_id, t->>'topicId' AS topic_id, max(t->>'topic') AS topic, max(t->>'nameEn') AS name_en, count(*)::int AS count
          FROM text_analyses a CROSS JOIN LATERAL jsonb_array_elements(a.topics) t
          WHERE ${where} AND a.cluster_id IN (${idList(ids)})
          GROUP BY a.cluster_id, t->>'topicId' ORDER BY count(*) DESC, 2`,
    ),
  ]);
  const items: TTextCluster[] = top.map((t) => {
    const sentiment = { negative: t.negative, neutral: t.neutral, positive: t.positive };
    const dominant = (['negative', 'neutral', 'positive'] as const).reduce((best, s) =>
      sentiment[s] > sentiment[best] ? s : best,
    );
    const topic = topics.find((x) => x.cluster_id === t.cluster_id);
    return {
      id: t.cluster_id,
      representative: t.representative,
      count: t.count,
      firstSeen: new Date(t.first_seen).toISOString(),
      lastSeen: new Date(t.last_seen).toISOString(),
      sentiment,
      dominantSentiment: dominant,
      topTopic: topic ? { topicId: topic.topic_id, topic: topic.topic, nameEn: topic.name_en } : null,
      units: units
        .filter((u) => u.cluster_id === t.cluster_id)
        .slice(0, 10)
        .map((u) => ({ id: u.id, code: u.code, name: u.name, count: u.count })),
    };
  });
  return { from, to, items };
}

/** Cluster sizes (members matching `where`) of the given clusters. */
export async function clusterSizes(ex: Executor, where: SQL, clusterIds: string[]): Promise<Map<string, number>> {
  const ids = [...new Set(clusterIds)];
  if (ids.length === 0) return new Map();
  const list = await rows<{ cluster_id: string; size: number }>(
    ex,
    sql`SELECT a.cluster_id, count(*)::int AS size FROM text_analyses a
        WHERE ${where} AND a.cluster_id IN (${idList(ids)}) GROUP BY a.cluster_id`,
  );
  return new Map(list.map((r) => [r.cluster_id, r.size]));
}
