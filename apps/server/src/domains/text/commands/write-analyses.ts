import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../platform/clock.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import type { Analysis } from '../../../text-engine/index.ts';
import { modelVersion, type TenantAnalyzer } from '../analyzer-cache.ts';
import { clusterTexts } from './assign-clusters.ts';

/** One open text to analyse, with the context every aggregation filters on. */
export interface TextSource {
  sourceKind: 'response' | 'feedback';
  sourceId: string;
  question: string | null;
  surveyId: string | null;
  orgUnitId: string | null;
  touchpointId: string | null;
  customerRef: string | null;
  occurredAt: string;
  text: string;
}

export interface StoredTopic {
  topicId: string;
  topic: string;
  code: string;
  nameEn: string | null;
  sentiment: 'negative' | 'neutral' | 'positive';
  score: number;
  /** Why (text-engine/explain.ts), clause offsets only: the presenter cuts their text from the comment. */
  explain?: StoredExplanation;
}

/** A topic's stored explanation; `correction` when a person set the topic or its polarity. */
export interface StoredExplanation {
  clauses: Array<{ start: number; end: number }>;
  cues: string[];
  by: 'lexicon' | 'model' | 'none' | 'correction';
}

export const MAX_ANALYSED_TEXT = 10_000;

/** Turns the engine's analysis into the stored shape (topic names from the tenant's taxonomy). */
export function storedAnalysis(a: Analysis, analyzer: TenantAnalyzer) {
  const topics: StoredTopic[] = [];
  const matches: Array<{ topicId: string; start: number; end: number }> = [];
  for (const t of a.topics) {
    const row = analyzer.topics.get(t.topicId);
    if (!row) continue;
    topics.push({
      topicId: row.id,
      topic: row.name,
      code: row.code,
      nameEn: row.name_en,
      sentiment: t.sentiment.label,
      score: round(t.sentiment.score),
      explain: {
        clauses: t.explain.clauses.map((c) => ({ start: c.start, end: c.end })),
        cues: t.explain.cues.map((c) => c.slice(0, 40)),
        by: t.explain.by,
      },
    });
    for (const m of t.matches) matches.push({ topicId: row.id, start: m.start, end: m.end });
  }
  return {
    language: a.language,
    sentiment: a.sentiment.label,
    score: round(a.sentiment.score),
    topics,
    matches,
    keywords: a.keywords.slice(0, 20).map((k) => k.slice(0, 40)),
    triage: a.triage,
    triageConfidence: a.triageConfidence,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Analyses the texts and writes one analysis per (source, question) plus its topic hits, in the caller's
 * transaction. Idempotent: a re-run replaces the analysis in place (same id), except one a person corrected, which
 * is never overwritten. One multi-row statement per table per call. Returns how many analyses were written.
 */
export async function writeAnalyses(
  tx: Executor,
  clock: Clock,
  tenantId: string,
  analyzer: TenantAnalyzer,
  sources: TextSource[],
): Promise<number> {
  const unique = new Map(
    sources
      .filter((s) => s.text.trim().length > 0)
      .map((s) => [`${s.sourceKind}|${s.sourceId}|${s.question ?? ''}`, s]),
  );
  const items = [...unique.values()].map((s) => {
    const text = s.text.slice(0, MAX_ANALYSED_TEXT);
    return { s: { ...s, text }, a: storedAnalysis(analyzer.analyze(text), analyzer) };
  });
  if (items.length === 0) return 0;
  const now = clock.now().toISOString();
  // Near-duplicate clusters in the same transaction, so a committed analysis always has its cluster (decision 84).
  const clusters = await clusterTexts(
    tx,
    tenantId,
    items.map((it) => it.s),
    now,
  );
  const payload = items.map(({ s, a }, i) => ({
    id: randomUUID(),
    source_kind: s.sourceKind,
    source_id: s.sourceId,
    question: s.question,
    survey_id: s.surveyId,
    org_unit_id: s.orgUnitId,
    touchpoint_id: s.touchpointId,
    customer_ref: s.customerRef,
    occurred_at: s.occurredAt,
    text: s.text,
    language: a.language,
    sentiment: a.sentiment,
    score: a.score,
    topics: a.topics,
    keywords: a.keywords,
    matches: a.matches,
    triage: a.triage,
    triage_confidence: a.triageConfidence,
    cluster_id: clusters[i],
  }));
  const written = await rows<{ id: string; source_kind: string; source_id: string; question: string | null }>(
    tx,
    sql`INSERT INTO text_analyses (tenant_id, id, source_kind, source_id, question, survey_id, org_unit_id, touchpoint_id, customer_ref, occurred_at, text,
                                   language, sentiment, score, topics, keywords, matches, triage, triage_confidence, model_version, taxonomy_version, analysed_at, cluster_id)
        SELECT ${tenantId}::uuid, x.id, x.source_kind, x.source_id, x.question, x.survey_id, x.org_unit_id, x.touchpoint_id, x.customer_ref, x.occurred_at, x.text,
               x.language, x.sentiment, x.score, x.topics, ARRAY(SELECT jsonb_array_elements_text(x.keywords)), x.matches, x.triage, x.triage_confidence, ${modelVersion()}, ${analyzer.version}, ${now}::timestamptz, x.cluster_id
        FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS x(id uuid, source_kind text, source_id uuid, question text, survey_id uuid, org_unit_id uuid,
             touchpoint_id uuid, customer_ref text, occurred_at timestamptz, text text, language text, sentiment text, score float8, topics jsonb, keywords jsonb, matches jsonb,
             triage text, triage_confidence float4, cluster_id uuid)
        ON CONFLICT (tenant_id, source_kind, source_id, (coalesce(question, ''))) DO UPDATE SET
          org_unit_id = excluded.org_unit_id, touchpoint_id = excluded.touchpoint_id, occurred_at = excluded.occurred_at, text = excluded.text,
          language = excluded.language, sentiment = excluded.sentiment, score = excluded.score, topics = excluded.topics, keywords = excluded.keywords,
          matches = excluded.matches,
          triage = CASE WHEN text_analyses.triage_corrected THEN text_analyses.triage ELSE excluded.triage END,
          triage_confidence = CASE WHEN text_analyses.triage_corrected THEN text_analyses.triage_confidence ELSE excluded.triage_confidence END,
          model_version = excluded.model_version, taxonomy_version = excluded.taxonomy_version, analysed_at = excluded.analysed_at,
          cluster_id = excluded.cluster_id, clustered = true
        WHERE NOT text_analyses.corrected
        RETURNING id, source_kind, source_id, question`,
  );
  // A person's sentiment/topics stay, but the triage class is still recomputed unless they corrected it too.
  await tx.execute(
    sql`UPDATE text_analyses t SET triage = x.triage, triage_confidence = x.triage_confidence
        FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS x(source_kind text, source_id uuid, question text, text text, triage text, triage_confidence float4)
        WHERE t.tenant_id = ${tenantId}::uuid AND t.source_kind = x.source_kind AND t.source_id = x.source_id
          AND coalesce(t.question, '') = coalesce(x.question, '') AND t.corrected AND NOT t.triage_corrected`,
  );
  if (written.length === 0) return 0;
  const byKey = new Map(items.map((it) => [`${it.s.sourceKind}|${it.s.sourceId}|${it.s.question ?? ''}`, it]));
  const hits: Array<Record<string, unknown>> = [];
  for (const w of written) {
    const it = byKey.get(`${w.source_kind}|${w.source_id}|${w.question ?? ''}`);
    if (!it) continue;
    for (const t of it.a.topics) {
      hits.push({
        analysis_id: w.id,
        topic_id: t.topicId,
        sentiment: t.sentiment,
        occurred_at: it.s.occurredAt,
        org_unit_id: it.s.orgUnitId,
        touchpoint_id: it.s.touchpointId,
        source_kind: it.s.sourceKind,
      });
    }
  }
  await replaceHits(
    tx,
    tenantId,
    written.map((w) => w.id),
    hits,
  );
  return written.length;
}

/** Replaces the topic hits of the given analyses (delete, then one multi-row insert). */
export async function replaceHits(
  tx: Executor,
  tenantId: string,
  analysisIds: string[],
  hits: Array<Record<string, unknown>>,
) {
  if (analysisIds.length) {
    await tx.execute(
      sql`DELETE FROM text_topic_hits WHERE tenant_id = ${tenantId} AND analysis_id IN (${sql.join(
        analysisIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    );
  }
  if (hits.length === 0) return;
  await tx.execute(
    sql`INSERT INTO text_topic_hits (tenant_id, analysis_id, topic_id, sentiment, occurred_at, org_unit_id, touchpoint_id, source_kind)
        SELECT ${tenantId}::uuid, x.analysis_id, x.topic_id, x.sentiment, x.occurred_at, x.org_unit_id, x.touchpoint_id, x.source_kind
        FROM jsonb_to_recordset(${JSON.stringify(hits)}::jsonb) AS x(analysis_id uuid, topic_id uuid, sentiment text, occurred_at timestamptz, org_unit_id uuid, touchpoint_id uuid, source_kind text)
        ON CONFLICT DO NOTHING`,
  );
}
