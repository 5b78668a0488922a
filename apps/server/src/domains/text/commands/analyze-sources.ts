import type { AppContext } from '../../../platform/context.ts';
import { rows, sql } from '../../../platform/db.ts';
import type { Job } from '../../../platform/jobs.ts';
import { responseListenersOf } from '../../registry.ts';
import { compiledVersion } from '../../responses/survey-cache.ts';
import { analyzerFor } from '../analyzer-cache.ts';
import { type TextSource, writeAnalyses } from './write-analyses.ts';

interface ResponseTextRow {
  id: string;
  survey_id: string;
  survey_version_id: string;
  org_unit_id: string | null;
  touchpoint_id: string | null;
  customer_ref: string | null;
  submitted_at: Date | string;
  answers: Record<string, unknown>;
}

const idList = (ids: string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/**
 * The open texts of responses: answers to `comment` and free-text `text` questions of the response's survey
 * version, plus the "other (please specify)" comments (`<question>-Comment`). Choice values are never analysed.
 */
export async function responseTexts(ctx: AppContext, tenantId: string, ids: string[]): Promise<TextSource[]> {
  if (ids.length === 0) return [];
  const list = await rows<ResponseTextRow>(
    ctx.db,
    sql`SELECT id, survey_id, survey_version_id, org_unit_id, touchpoint_id, customer_ref, submitted_at, answers FROM responses
        WHERE tenant_id = ${tenantId} AND id IN (${idList(ids)})`,
  );
  const out: TextSource[] = [];
  for (const r of list) {
    const survey = await compiledVersion(ctx, tenantId, r.survey_version_id);
    for (const [name, value] of Object.entries(r.answers ?? {})) {
      if (typeof value !== 'string' || !value.trim()) continue;
      const spec = survey.questions.get(name);
      const isText = spec
        ? spec.type === 'comment' || (spec.type === 'text' && (!spec.inputType || spec.inputType === 'text'))
        : name.endsWith('-Comment');
      if (!isText) continue;
      out.push({
        sourceKind: 'response',
        sourceId: r.id,
        question: name,
        surveyId: r.survey_id,
        orgUnitId: r.org_unit_id,
        touchpointId: r.touchpoint_id,
        customerRef: r.customer_ref,
        occurredAt: new Date(r.submitted_at).toISOString(),
        text: value,
      });
    }
  }
  return out;
}

export async function feedbackTexts(ctx: AppContext, tenantId: string, ids: string[]): Promise<TextSource[]> {
  if (ids.length === 0) return [];
  const list = await rows<{
    id: string;
    org_unit_id: string | null;
    touchpoint_id: string | null;
    customer_ref: string | null;
    occurred_at: Date | string;
    text: string;
  }>(
    ctx.db,
    sql`SELECT id, org_unit_id, touchpoint_id, customer_ref, occurred_at, text FROM feedback_items WHERE tenant_id = ${tenantId} AND id IN (${idList(ids)})`,
  );
  return list.map((f) => ({
    sourceKind: 'feedback' as const,
    sourceId: f.id,
    question: null,
    surveyId: null,
    orgUnitId: f.org_unit_id,
    touchpointId: f.touchpoint_id,
    customerRef: f.customer_ref,
    occurredAt: new Date(f.occurred_at).toISOString(),
    text: f.text,
  }));
}

/** Analyses the given responses' or feedback items' texts in one transaction. Returns how many were written. */
export async function analyzeSources(
  ctx: AppContext,
  tenantId: string,
  kind: 'response' | 'feedback',
  ids: string[],
): Promise<number> {
  const sources =
    kind === 'response' ? await responseTexts(ctx, tenantId, ids) : await feedbackTexts(ctx, tenantId, ids);
  const analyzer = await analyzerFor(ctx.db, tenantId);
  if (sources.length === 0) return 0;
  return ctx.db.transaction((tx) => writeAnalyses(tx, ctx.clock, tenantId, analyzer, sources));
}

/**
 * Job `text.analyze` {kind, ids}: analyses the texts, then runs the listeners modules declare for analysed responses
 * (`responseTextListeners`: the alert rules that read `{sentiment}` or `{topics}` wait for the analysis instead of
 * running at commit). Both steps are idempotent. Text reaches alerts through module data, not an import: alerts
 * reads text's analyses, so an import back would close a cycle.
 */
export async function runAnalyzeJob(ctx: AppContext, job: Job<{ kind: 'response' | 'feedback'; ids: string[] }>) {
  if (!job.tenantId || !Array.isArray(job.payload?.ids)) return;
  const ids = job.payload.ids.filter((id) => typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id));
  await analyzeSources(ctx, job.tenantId, job.payload.kind === 'feedback' ? 'feedback' : 'response', ids);
  const hook = job.payload.kind === 'response' ? 'responseTextListeners' : 'feedbackTextListeners';
  for (const [, fn] of await responseListenersOf(hook)) await fn(ctx, job.tenantId, ids);
  ctx.bus.publish({
    tenantId: job.tenantId,
    type: 'text.analysed',
    data: { kind: job.payload.kind, count: ids.length },
  });
}
