import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { getWebhook } from '../queries/get-webhook.ts';
import { requireSurvey } from '../queries/require-survey.ts';
import type { TWebhookUpdate } from '../schema.ts';

/**
 * Changes an endpoint's URL, description, subscriptions or state (the secret stays: rotate it to change it).
 * Switching it on clears an auto-disable and its failure count: the owner has fixed the receiver.
 */
export async function updateWebhook(tx: Tx, actor: Actor, id: string, body: TWebhookUpdate): Promise<void> {
  const w = await getWebhook(tx, actor, id);
  if (body.surveyId) await requireSurvey(tx, actor.tenantId, body.surveyId);
  const events = body.events ?? w.events ?? [];
  const surveyId = body.surveyId === undefined ? w.survey_id : body.surveyId;
  const reEnabled = body.enabled === true;
  await tx.execute(
    sql`UPDATE webhook_endpoints SET url = ${body.url ?? w.url}, description = ${body.description ?? w.description},
          enabled = ${body.enabled ?? w.enabled}, events = ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(events)}::jsonb)),
          survey_id = ${surveyId},
          consecutive_failures = CASE WHEN ${reEnabled} THEN 0 ELSE consecutive_failures END,
          disabled_reason = CASE WHEN ${reEnabled} THEN NULL ELSE disabled_reason END,
          disabled_at = CASE WHEN ${reEnabled} THEN NULL ELSE disabled_at END,
          updated_at = now()
        WHERE tenant_id = ${actor.tenantId} AND id = ${w.id}`,
  );
  await audit(tx, actor, 'webhook.update', 'webhook', w.id, {
    ...(body.url ? { origin: new URL(body.url).origin } : {}),
    ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
    ...(body.events ? { events: body.events } : {}),
  });
}
