import { type Executor, rows, sql } from '../../../platform/db.ts';

/** Most actionable first: a response with a complaint and a praise is a complaint to `{triage}`. */
const TRIAGE_RANK = { complaint: 0, suggestion: 1, question: 2, praise: 3, noise: 4 } as const;
type TriageClass = keyof typeof TRIAGE_RANK;

/** What alert-rule conditions see of a response's text analysis: `{sentiment}`, `{topics}`, `{triage}` and `{clusterSize}`. */
export interface TextVariables {
  /** The most actionable triage class across the response's open-text answers (decision 83). */
  triage?: TriageClass;
  /** The most negative sentiment across the response's open-text answers. */
  sentiment?: 'negative' | 'neutral' | 'positive';
  /** Every matched topic by code, zh name and en name, so `{topics} contains 'food-safety'` and `… contains '食品安全'` both work. */
  topics: string[];
  /**
   * How many times this complaint was said (decision 84): the size of the near-duplicate cluster of the response's
   * most repeated text, counting the tenant's members in the 30 days up to this response's text (itself included),
   * so `{clusterSize} >= 20` reads "the same comment 20 times this month". Absent for texts too short to cluster.
   */
  clusterSize?: number;
}

/** SQL of one analysis' cluster size (text_analyses alias given): its cluster's members in the 30 days up to it. */
export function clusterSizeSql(alias: string) {
  const a = sql.raw(alias);
  return sql`(SELECT count(*)::int FROM text_analyses c WHERE c.tenant_id = ${a}.tenant_id AND c.cluster_id = ${a}.cluster_id
    AND c.occurred_at > ${a}.occurred_at - interval '30 days' AND c.occurred_at <= ${a}.occurred_at)`;
}

/** Text variables per response id; responses without analysed text are absent (empty topics, no sentiment). */
export async function textVariables(
  ex: Executor,
  tenantId: string,
  responseIds: string[],
): Promise<Map<string, TextVariables>> {
  const out = new Map<string, TextVariables>();
  if (responseIds.length === 0) return out;
  const list = await rows<{
    source_id: string;
    sentiment: TextVariables['sentiment'];
    score: number;
    triage: TriageClass | null;
    topics: Array<{ topicId: string; topic: string; code?: string; nameEn?: string | null }>;
    cluster_size: number | null;
  }>(
    ex,
    sql`SELECT a.source_id, a.sentiment, a.score, a.triage, a.topics, CASE WHEN a.cluster_id IS NOT NULL THEN ${clusterSizeSql('a')} END AS cluster_size
        FROM text_analyses a
        WHERE a.tenant_id = ${tenantId} AND a.source_kind = 'response' AND a.source_id IN (${sql.join(
          responseIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
        ORDER BY a.score`,
  );
  const rank = { negative: 0, neutral: 1, positive: 2 } as const;
  for (const a of list) {
    const v = out.get(a.source_id) ?? { topics: [] };
    if (!v.sentiment || rank[a.sentiment!] < rank[v.sentiment]) v.sentiment = a.sentiment;
    if (a.triage && (!v.triage || TRIAGE_RANK[a.triage] < TRIAGE_RANK[v.triage])) v.triage = a.triage;
    if (a.cluster_size !== null && a.cluster_size > (v.clusterSize ?? 0)) v.clusterSize = a.cluster_size;
    for (const t of a.topics ?? [])
      for (const name of [t.code, t.topic, t.nameEn]) if (name && !v.topics.includes(name)) v.topics.push(name);
    out.set(a.source_id, v);
  }
  return out;
}
