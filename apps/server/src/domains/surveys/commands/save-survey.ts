import { randomUUID } from 'node:crypto';
import type { TBindings } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import { type Actor, authorize } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { AppError, invalid } from '../../../platform/errors.ts';
import { checkBindings, checkDefinition } from '../definition.ts';
import { getSurvey } from '../queries/get-survey.ts';
import { sanitizeDefinition } from '../sanitize.ts';

async function checkTouchpoint(tx: Executor, tenantId: string, touchpointId: string | null | undefined) {
  if (!touchpointId) return;
  if (!(await one(tx, sql`SELECT 1 FROM touchpoints WHERE tenant_id = ${tenantId} AND id = ${touchpointId}`)))
    throw invalid('touchpointId', 'no such touchpoint');
}

export interface SurveyInput {
  name: string;
  description?: string | null;
  definition: Record<string, unknown>;
  bindings: TBindings;
  touchpointId?: string | null;
}

/**
 * Creates a draft survey after checking the definition loads in survey-core and the bindings fit. Its HTML is
 * sanitised first (templates and imports come through here too), so no stored definition carries script.
 */
export async function createSurvey(tx: Executor, actor: Actor, raw: SurveyInput) {
  authorize(actor, 'surveys.write');
  checkBindings(raw.bindings, checkDefinition(raw.definition));
  const input = { ...raw, definition: sanitizeDefinition(raw.definition) };
  await checkTouchpoint(tx, actor.tenantId, input.touchpointId);
  const id = randomUUID();
  await tx.execute(
    sql`INSERT INTO surveys (tenant_id, id, name, description, status, touchpoint_id, definition, bindings, created_by)
        VALUES (${actor.tenantId}, ${id}, ${input.name}, ${input.description ?? null}, 'draft', ${input.touchpointId ?? null},
                ${JSON.stringify(input.definition)}::jsonb, ${JSON.stringify(input.bindings)}::jsonb, ${actor.id})`,
  );
  await audit(tx, actor, 'survey.create', 'survey', id, { name: input.name });
  return getSurvey(tx, actor, id);
}

/** Edits the draft. A live survey keeps answering with its published version until the next publish. */
export async function updateSurvey(tx: Executor, actor: Actor, id: string, input: Partial<SurveyInput>) {
  authorize(actor, 'surveys.write');
  const s = await getSurvey(tx, actor, id, { forUpdate: true });
  if (s.status === 'archived')
    throw new AppError('conflict', 'An archived survey cannot be edited; duplicate it instead');
  const bindings = (input.bindings ?? s.bindings) as TBindings;
  if (input.definition || input.bindings) checkBindings(bindings, checkDefinition(input.definition ?? s.definition));
  const definition = input.definition ? sanitizeDefinition(input.definition) : s.definition;
  if (input.touchpointId !== undefined) await checkTouchpoint(tx, actor.tenantId, input.touchpointId);
  await tx.execute(
    sql`UPDATE surveys SET name = ${input.name ?? s.name}, description = ${input.description === undefined ? s.description : input.description},
          definition = ${JSON.stringify(definition)}::jsonb, bindings = ${JSON.stringify(bindings)}::jsonb,
          touchpoint_id = ${input.touchpointId === undefined ? s.touchpoint_id : input.touchpointId}, updated_at = now()
        WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  await audit(tx, actor, 'survey.update', 'survey', id, { fields: Object.keys(input) });
  return getSurvey(tx, actor, id);
}
