import { randomUUID } from 'node:crypto';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { getOrgUnit } from '../../org/queries/get-org-unit.ts';
import { requireSurvey } from '../queries/require-survey.ts';
import type { TWebhookCreate } from '../schema.ts';
import { newWebhookSecret } from '../sign.ts';

/**
 * Creates an endpoint at a unit in the caller's scope (404 otherwise) with its first secret, which is returned here
 * once; the API never answers it again (a lost secret is replaced by rotating). The unit is also the subscription's
 * subtree filter, so a caller cannot subscribe to events beyond their own units.
 */
export async function createWebhook(
  tx: Tx,
  actor: Actor,
  body: TWebhookCreate,
): Promise<{ id: string; secret: string }> {
  const id = randomUUID();
  const unit = await getOrgUnit(tx, actor, body.orgUnitId ?? actor.orgUnitId);
  if (body.surveyId) await requireSurvey(tx, actor.tenantId, body.surveyId);
  const secret = newWebhookSecret();
  await tx.execute(
    sql`INSERT INTO webhook_endpoints (tenant_id, id, url, description, org_unit_id, enabled, created_by, events, survey_id)
        VALUES (${actor.tenantId}, ${id}, ${body.url}, ${body.description}, ${unit.id}, ${body.enabled}, ${actor.id},
                ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(body.events)}::jsonb)), ${body.surveyId ?? null})`,
  );
  await tx.execute(
    sql`INSERT INTO webhook_secrets (tenant_id, endpoint_id, id, secret) VALUES (${actor.tenantId}, ${id}, ${randomUUID()}, ${secret})`,
  );
  // The audit entry names the destination's origin only: a receiver's path may carry its own token.
  await audit(tx, actor, 'webhook.create', 'webhook', id, {
    origin: new URL(body.url).origin,
    enabled: body.enabled,
    events: body.events,
  });
  return { id, secret };
}
