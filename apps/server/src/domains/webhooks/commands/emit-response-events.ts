import type { AppContext } from '../../../platform/context.ts';
import { rows, sql } from '../../../platform/db.ts';
import { wakeWorkers } from '../../../platform/jobs.ts';

/** `true` while an enabled endpoint of the tenant subscribes to `type` (the same test the SQL emitters make). */
const subscribed = (type: string) =>
  sql`EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.tenant_id = r.tenant_id AND w.enabled AND w.events @> ARRAY[${type}]::text[])`;

const idsOf = (ids: string[]) => sql`(SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`;

/**
 * Response listener: a `response.created` event per committed response. The listener runs from the
 * `responses.committed` job, which the response write committed with the responses, so a crash at any point loses
 * no event (the job runs again); the dedupe key makes the rerun write nothing twice. One statement, nothing written
 * while no endpoint of the tenant subscribes. The webhooks.fanout job is written by the insert's trigger.
 */
export async function emitResponseCreated(ctx: AppContext, tenantId: string, ids: string[]) {
  if (ids.length === 0) return;
  const written = await rows<{ id: string }>(
    ctx.db,
    sql`INSERT INTO webhook_events (tenant_id, id, type, object_id, org_unit_id, survey_id, data, dedupe_key)
        SELECT r.tenant_id, gen_random_uuid(), 'response.created', r.id, r.org_unit_id, r.survey_id,
               jsonb_build_object('id', r.id, 'surveyId', r.survey_id, 'surveyVersionId', r.survey_version_id,
                 'orgUnitId', r.org_unit_id, 'touchpointId', r.touchpoint_id, 'channel', r.channel, 'locale', r.locale,
                 'customerRef', r.customer_ref, 'answers', r.answers, 'scores', r.scores,
                 'submittedAt', loopcx_iso(r.submitted_at), 'createdAt', loopcx_iso(r.created_at)),
               'response.created:' || r.id
        FROM responses r
        WHERE r.tenant_id = ${tenantId} AND r.id IN ${idsOf(ids)} AND ${subscribed('response.created')}
        ORDER BY r.id
        ON CONFLICT (tenant_id, dedupe_key) DO NOTHING RETURNING id`,
  );
  if (written.length) wakeWorkers(ctx);
}

/**
 * Response text listener: a `response.analyzed` event per response once its open texts are analysed, carrying the
 * overall sentiment (the most negative of its texts) and each text's sentiment, topics and keywords.
 */
export async function emitResponseAnalyzed(ctx: AppContext, tenantId: string, ids: string[]) {
  if (ids.length === 0) return;
  const written = await rows<{ id: string }>(
    ctx.db,
    sql`INSERT INTO webhook_events (tenant_id, id, type, object_id, org_unit_id, survey_id, data, dedupe_key)
        SELECT r.tenant_id, gen_random_uuid(), 'response.analyzed', r.id, r.org_unit_id, r.survey_id,
               jsonb_build_object('id', r.id, 'surveyId', r.survey_id, 'orgUnitId', r.org_unit_id,
                 'sentiment', CASE WHEN bool_or(a.sentiment = 'negative') THEN 'negative'
                                   WHEN bool_or(a.sentiment = 'positive') THEN 'positive' ELSE 'neutral' END,
                 'texts', jsonb_agg(jsonb_build_object('question', a.question, 'language', a.language,
                   'sentiment', a.sentiment, 'score', a.score, 'topics', a.topics, 'keywords', to_jsonb(a.keywords))
                   ORDER BY a.question)),
               'response.analyzed:' || r.id
        FROM responses r
        JOIN text_analyses a ON a.tenant_id = r.tenant_id AND a.source_kind = 'response' AND a.source_id = r.id
        WHERE r.tenant_id = ${tenantId} AND r.id IN ${idsOf(ids)} AND ${subscribed('response.analyzed')}
        GROUP BY r.tenant_id, r.id
        ORDER BY r.id
        ON CONFLICT (tenant_id, dedupe_key) DO NOTHING RETURNING id`,
  );
  if (written.length) wakeWorkers(ctx);
}
