import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { findOrgUnitByCode, getOrgUnit } from '../../org/queries/get-org-unit.ts';
import { getSurvey } from '../queries/get-survey.ts';
import { checkTouchpoint } from '../queries/touchpoint.ts';

/** What a personalised link carries. */
export interface CreateInvitationInput {
  customer?: { externalId?: string; name?: string; phone?: string; email?: string };
  orgUnitId?: string;
  orgUnitCode?: string;
  touchpointId?: string;
  context?: Record<string, unknown>;
  expiresAt?: Date;
}

/**
 * Records the invitation behind a personalised link: the survey must be the tenant's, the unit (by id or code)
 * in the caller's scope and the touchpoint the tenant's. Returns the invitation id the signed token names.
 */
export async function createInvitation(
  tx: Executor,
  actor: Actor,
  surveyId: string,
  input: CreateInvitationInput,
): Promise<string> {
  await getSurvey(tx, actor, surveyId);
  let orgUnitId = input.orgUnitId;
  if (orgUnitId) await getOrgUnit(tx, actor, orgUnitId);
  else if (input.orgUnitCode) {
    const u = await findOrgUnitByCode(tx, actor, input.orgUnitCode);
    if (!u) throw invalid('orgUnitCode', 'no unit with this code in your scope');
    orgUnitId = u.id;
  }
  await checkTouchpoint(tx, actor.tenantId, input.touchpointId);
  const id = randomUUID();
  await tx.execute(
    sql`INSERT INTO invitations (tenant_id, id, survey_id, org_unit_id, touchpoint_id, customer, context, expires_at, created_by)
      VALUES (${actor.tenantId}, ${id}, ${surveyId}, ${orgUnitId ?? null}, ${input.touchpointId ?? null}, ${input.customer ? JSON.stringify(input.customer) : null}::jsonb,
              ${input.context ? JSON.stringify(input.context) : null}::jsonb, ${input.expiresAt?.toISOString() ?? null}, ${actor.id})`,
  );
  return id;
}
