import { randomUUID } from 'node:crypto';
import type { TBindings } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import { type Actor, authorize } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { checkBindings, checkDefinition } from '../definition.ts';
import { getSurvey } from '../queries/get-survey.ts';
import { sanitizeDefinition } from '../sanitize.ts';

/**
 * Publishes the draft as a new immutable version and makes the survey live. Responses reference the version
 * they answered, so later edits never change what a stored answer meant.
 */
export async function publishSurvey(tx: Executor, actor: Actor, id: string) {
  authorize(actor, 'surveys.write');
  const s = await getSurvey(tx, actor, id, { forUpdate: true });
  if (s.status === 'archived' || s.status === 'closed')
    throw new AppError('conflict', `A ${s.status} survey cannot be published; duplicate it instead`, {
      extra: { code: 'survey.not_publishable', params: { status: s.status } },
    });
  checkBindings(s.bindings as TBindings, checkDefinition(s.definition));
  const next = await one<{ v: number }>(
    tx,
    sql`SELECT coalesce(max(version), 0) + 1 AS v FROM survey_versions WHERE tenant_id = ${actor.tenantId} AND survey_id = ${id}`,
  );
  const versionId = randomUUID();
  await tx.execute(
    sql`INSERT INTO survey_versions (tenant_id, id, survey_id, version, definition, bindings, created_by)
        VALUES (${actor.tenantId}, ${versionId}, ${id}, ${next!.v}, ${JSON.stringify(sanitizeDefinition(s.definition))}::jsonb, ${JSON.stringify(s.bindings)}::jsonb, ${actor.id})`,
  );
  await tx.execute(
    sql`UPDATE surveys SET status = 'live', current_version_id = ${versionId}, updated_at = now() WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  await audit(tx, actor, 'survey.publish', 'survey', id, { version: next!.v });
  return getSurvey(tx, actor, id);
}

const MOVES: Record<string, { from: string[]; to: string }> = {
  pause: { from: ['live'], to: 'paused' },
  resume: { from: ['paused'], to: 'live' },
  close: { from: ['live', 'paused'], to: 'closed' },
  archive: { from: ['draft', 'live', 'paused', 'closed'], to: 'archived' },
};

/** pause / resume / close / archive, each allowed only from the statuses that make sense (409 otherwise). */
export async function changeSurveyStatus(tx: Executor, actor: Actor, id: string, action: keyof typeof MOVES) {
  authorize(actor, 'surveys.write');
  const s = await getSurvey(tx, actor, id, { forUpdate: true });
  const move = MOVES[action];
  if (!move.from.includes(s.status)) throw new AppError('conflict', `A ${s.status} survey cannot ${action}`);
  await tx.execute(
    sql`UPDATE surveys SET status = ${move.to}, updated_at = now() WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  await audit(tx, actor, `survey.${action}`, 'survey', id);
  return getSurvey(tx, actor, id);
}

/** Copies definition, bindings, touchpoint and description into a new draft. */
export async function duplicateSurvey(tx: Executor, actor: Actor, id: string) {
  authorize(actor, 'surveys.write');
  const s = await getSurvey(tx, actor, id);
  const copyId = randomUUID();
  const suffix = /[\u4e00-\u9fff]/.test(s.name) ? '（副本）' : ' (copy)';
  await tx.execute(
    sql`INSERT INTO surveys (tenant_id, id, name, description, status, touchpoint_id, definition, bindings, created_by)
        VALUES (${actor.tenantId}, ${copyId}, ${`${s.name}${suffix}`.slice(0, 300)}, ${s.description}, 'draft', ${s.touchpoint_id},
                ${JSON.stringify(s.definition)}::jsonb, ${JSON.stringify(s.bindings)}::jsonb, ${actor.id})`,
  );
  await audit(tx, actor, 'survey.duplicate', 'survey', copyId, { from: id });
  return getSurvey(tx, actor, copyId);
}
