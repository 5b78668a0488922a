import type { AppContext } from '../../../platform/context.ts';
import { one, rows, sql } from '../../../platform/db.ts';
import { enqueue, type Job, wakeWorkers } from '../../../platform/jobs.ts';
import { analyzerFor } from '../analyzer-cache.ts';
import { textReanalyzeJob } from '../jobs.ts';
import { type TextSource, writeAnalyses } from './write-analyses.ts';

const BATCH = 2000;

interface AnalysisSourceRow {
  id: string;
  source_kind: 'response' | 'feedback';
  source_id: string;
  question: string | null;
  survey_id: string | null;
  org_unit_id: string | null;
  touchpoint_id: string | null;
  customer_ref: string | null;
  occurred_at: Date | string;
  text: string;
}

/**
 * Job `text.reanalyze` {runId}: re-analyses the next batch of the tenant's history with the current taxonomy, in
 * id order from the cursor kept on the run, and chains the next batch. The run row is locked for the batch, so a
 * duplicated job only advances the same cursor; progress (done/total) is committed with each batch. Corrected
 * analyses keep what a person set (write-analyses.ts: sentiment and topics, or the triage class); rows where both
 * were corrected are skipped. A run whose taxonomy version is no longer
 * current stops (a newer run covers the history).
 */
export async function runReanalyzeJob(ctx: AppContext, job: Job<{ runId: string }>) {
  const tenantId = job.tenantId;
  if (!tenantId || typeof job.payload?.runId !== 'string') return;
  const finished = await ctx.db.transaction(async (tx) => {
    const run = await one<{
      status: string;
      taxonomy_version: number;
      done: number;
      result: { cursor?: string } | null;
    }>(
      tx,
      sql`SELECT status, taxonomy_version, done, result FROM text_runs WHERE tenant_id = ${tenantId} AND id = ${job.payload.runId} AND kind = 'reanalysis' FOR UPDATE`,
    );
    if (run?.status !== 'running') return true;
    const analyzer = await analyzerFor(tx, tenantId);
    const now = ctx.clock.now().toISOString();
    if (analyzer.version !== run.taxonomy_version) {
      await tx.execute(
        sql`UPDATE text_runs SET status = 'superseded', finished_at = ${now} WHERE tenant_id = ${tenantId} AND id = ${job.payload.runId}`,
      );
      return true;
    }
    const cursor = run.result?.cursor ?? '00000000-0000-0000-0000-000000000000';
    const batch = await rows<AnalysisSourceRow>(
      tx,
      sql`SELECT id, source_kind, source_id, question, survey_id, org_unit_id, touchpoint_id, customer_ref, occurred_at, text FROM text_analyses
          WHERE tenant_id = ${tenantId} AND id > ${cursor}::uuid AND NOT (corrected AND triage_corrected) ORDER BY id LIMIT ${BATCH}`,
    );
    const sources: TextSource[] = batch.map((a) => ({
      sourceKind: a.source_kind,
      sourceId: a.source_id,
      question: a.question,
      surveyId: a.survey_id,
      orgUnitId: a.org_unit_id,
      touchpointId: a.touchpoint_id,
      customerRef: a.customer_ref,
      occurredAt: new Date(a.occurred_at).toISOString(),
      text: a.text,
    }));
    await writeAnalyses(tx, ctx.clock, tenantId, analyzer, sources);
    const last = batch.at(-1)?.id;
    const done = batch.length < BATCH;
    const cursorJson = JSON.stringify({ cursor: last ?? cursor });
    if (done) {
      // Finished: done and total agree even if texts arrived while the run went on.
      await tx.execute(
        sql`UPDATE text_runs SET done = done + ${batch.length}, total = done + ${batch.length}, status = 'done', finished_at = ${now}, result = coalesce(result, '{}'::jsonb) || ${cursorJson}::jsonb
            WHERE tenant_id = ${tenantId} AND id = ${job.payload.runId}`,
      );
    } else {
      await tx.execute(
        sql`UPDATE text_runs SET done = least(total, done + ${batch.length}), result = coalesce(result, '{}'::jsonb) || ${cursorJson}::jsonb
            WHERE tenant_id = ${tenantId} AND id = ${job.payload.runId}`,
      );
    }
    if (!done) await enqueue(tx, textReanalyzeJob, [{ runId: job.payload.runId }], { tenantId });
    return done;
  });
  ctx.bus.publish({
    tenantId,
    type: finished ? 'text.reanalysis.done' : 'text.reanalysis.progress',
    data: { runId: job.payload.runId },
  });
  if (!finished) wakeWorkers(ctx);
}
