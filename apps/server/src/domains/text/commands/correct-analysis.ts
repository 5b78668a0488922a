import { randomUUID } from 'node:crypto';
import type { TTextTriage } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { getAnalysis } from '../queries/verbatims.ts';
import type { StoredExplanation, StoredTopic } from './write-analyses.ts';
import { replaceHits } from './write-analyses.ts';

const corrected = (e: StoredExplanation | undefined): StoredExplanation => ({
  clauses: e?.clauses ?? [],
  cues: [],
  by: 'correction',
});

export interface CorrectionInput {
  sentiment?: 'negative' | 'neutral' | 'positive';
  topicIds?: string[];
  triage?: TTextTriage;
}

/**
 * A person fixes a comment's sentiment and/or topics. The analysis is marked corrected (reanalysis never
 * overwrites it), its topic hits are rewritten so every count reflects the fix at once, and the before/after is
 * kept in text_corrections (exported as training data). A topic the person adds takes the comment's sentiment.
 * A triage class is corrected on its own: it marks only the triage as a person's (reanalysis keeps it and still
 * recomputes sentiment and topics unless those were corrected too).
 */
export async function correctAnalysis(tx: Executor, clock: Clock, actor: Actor, id: string, input: CorrectionInput) {
  const a = await getAnalysis(tx, actor, id, { forUpdate: true });
  const sentiment = input.sentiment ?? a.sentiment;
  let topics: StoredTopic[] = a.topics ?? [];
  if (input.topicIds) {
    const wanted = [...new Set(input.topicIds)];
    const known = await rows<{ id: string; code: string; name: string; name_en: string | null }>(
      tx,
      wanted.length
        ? sql`SELECT id, code, name, name_en FROM text_topics WHERE tenant_id = ${actor.tenantId} AND id IN (${sql.join(
            wanted.map((t) => sql`${t}::uuid`),
            sql`, `,
          )})`
        : sql`SELECT id, code, name, name_en FROM text_topics WHERE false`,
    );
    const knownIds = new Set(known.map((k) => k.id));
    const missing = wanted.findIndex((t) => !knownIds.has(t));
    if (missing >= 0) throw invalid(`topicIds.${missing}`, 'no such topic in your taxonomy');
    const score = sentiment === 'negative' ? -0.6 : sentiment === 'positive' ? 0.6 : 0;
    topics = known.map((k) => {
      const prev = topics.find((t) => t.topicId === k.id);
      // A kept topic keeps its own sentiment unless the person changed the overall sentiment.
      const own = prev && !input.sentiment ? prev : undefined;
      return {
        topicId: k.id,
        topic: k.name,
        code: k.code,
        nameEn: k.name_en,
        sentiment: own?.sentiment ?? sentiment,
        score: own?.score ?? score,
        // The explanation now is the person: the clauses the engine matched stay, its cues no longer apply.
        explain: own?.explain ?? corrected(prev?.explain),
      };
    });
  } else if (input.sentiment && input.sentiment !== a.sentiment) {
    topics = topics.map((t) => ({ ...t, sentiment: input.sentiment!, explain: corrected(t.explain) }));
  }
  const keep = new Set(topics.map((t) => t.topicId));
  const matches = (a.matches ?? []).filter((m) => keep.has(m.topicId));
  const score =
    input.sentiment && input.sentiment !== a.sentiment
      ? input.sentiment === 'negative'
        ? -0.6
        : input.sentiment === 'positive'
          ? 0.6
          : 0
      : Number(a.score);
  const now = clock.now().toISOString();
  if (input.triage !== undefined) {
    await tx.execute(
      sql`UPDATE text_analyses SET triage = ${input.triage}, triage_confidence = NULL, triage_corrected = true
          WHERE tenant_id = ${actor.tenantId} AND id = ${a.id}`,
    );
  }
  const triageAfter = input.triage ?? a.triage;
  const triageSet = input.triage !== undefined || a.triage_corrected;
  const correction = sql`INSERT INTO text_corrections (tenant_id, id, analysis_id, user_id, at, text, before, after)
        VALUES (${actor.tenantId}, ${randomUUID()}, ${a.id}, ${actor.kind === 'user' ? actor.id : null}, ${now}, ${a.text},
                ${JSON.stringify({ sentiment: a.sentiment, topics: (a.topics ?? []).map((t) => t.topicId), triage: a.triage })}::jsonb,
                ${JSON.stringify({
                  sentiment,
                  topics: topics.map((t) => t.topicId),
                  triage: triageAfter,
                  ...(input.sentiment ? { sentimentSet: true } : {}),
                  ...(triageSet ? { triageSet: true } : {}),
                })}::jsonb)`;
  if (input.sentiment === undefined && input.topicIds === undefined) {
    await tx.execute(correction);
    return getAnalysis(tx, actor, a.id);
  }
  await tx.execute(
    sql`UPDATE text_analyses SET sentiment = ${sentiment}, score = ${score}, topics = ${JSON.stringify(topics)}::jsonb, matches = ${JSON.stringify(matches)}::jsonb, corrected = true
        WHERE tenant_id = ${actor.tenantId} AND id = ${a.id}`,
  );
  const occurred = new Date(a.occurred_at).toISOString();
  await replaceHits(
    tx,
    actor.tenantId,
    [a.id],
    topics.map((t) => ({
      analysis_id: a.id,
      topic_id: t.topicId,
      sentiment: t.sentiment,
      occurred_at: occurred,
      org_unit_id: a.org_unit_id,
      touchpoint_id: a.touchpoint_id,
      source_kind: a.source_kind,
    })),
  );
  await tx.execute(correction);
  return getAnalysis(tx, actor, a.id);
}
