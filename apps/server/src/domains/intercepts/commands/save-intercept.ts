import { randomUUID } from 'node:crypto';
import type { TInterceptConditions, TInterceptCreate, TInterceptUpdate } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { one, rows, sql, type Tx } from '../../../platform/db.ts';
import { AppError, type InvalidParam } from '../../../platform/errors.ts';
import { eventTypesFor } from '../../events/queries/event-types.ts';
import { getIntercept } from '../queries/list-intercepts.ts';
import { forgetInterceptConfigs } from '../queries/sdk-config.ts';

/** What an intercept is once a create or an edit is applied: every field, checked together. */
type InterceptState = Required<Omit<TInterceptCreate, 'conditions'>> & { conditions: TInterceptConditions };

/**
 * Checks what the schema cannot: the survey is the tenant's and live (an intercept of a draft or closed survey would
 * only ever answer "inactive"), the keys are the tenant's live keys, the event type is declared and active, and an
 * embedded intercept names its container while the others name none. Every problem at once (422 naming the field).
 */
async function check(tx: Tx, actor: Actor, s: InterceptState, changed: (k: keyof InterceptState) => boolean) {
  const errors: InvalidParam[] = [];
  if (changed('surveyId')) {
    const survey = await one<{ status: string }>(
      tx,
      sql`SELECT status FROM surveys WHERE tenant_id = ${actor.tenantId} AND id = ${s.surveyId}`,
    );
    if (!survey) errors.push({ name: 'surveyId', reason: 'no such survey' });
    else if (survey.status !== 'live') errors.push({ name: 'surveyId', reason: 'the survey is not published (live)' });
  }
  if (changed('keyIds') && s.keyIds.length) {
    const found = new Set(
      (
        await rows<{ id: string }>(
          tx,
          sql`SELECT id FROM sdk_keys WHERE tenant_id = ${actor.tenantId} AND revoked_at IS NULL
                AND id = ANY(${`{${s.keyIds.join(',')}}`}::uuid[])`,
        )
      ).map((r) => r.id),
    );
    s.keyIds.forEach((k, i) => {
      if (!found.has(k)) errors.push({ name: `keyIds.${i}`, reason: 'no such live SDK key' });
    });
  }
  if (changed('conditions') && s.conditions.event) {
    const declared = await eventTypesFor(tx, actor.tenantId, { refresh: true });
    if (declared.get(s.conditions.event.type)?.status !== 'active')
      errors.push({
        name: 'conditions.event.type',
        reason: `undeclared or archived event type ${s.conditions.event.type}`,
      });
  }
  if (s.display === 'embedded' && !s.selector)
    errors.push({ name: 'selector', reason: 'an embedded intercept names the element it goes into' });
  if (s.display !== 'embedded' && s.selector)
    errors.push({ name: 'selector', reason: 'only an embedded intercept has a selector' });
  if (errors.length) throw new AppError('invalid', `${errors[0].name}: ${errors[0].reason}`, { invalidParams: errors });
}

const auditView = (s: InterceptState) => ({ ...s });

/** Creates an intercept rule (owner/admin); the SDK of every key it applies to runs it from the next config read. */
export async function createIntercept(tx: Tx, actor: Actor, input: TInterceptCreate): Promise<string> {
  const state: InterceptState = { ...input, keyIds: [...new Set(input.keyIds)] };
  await check(tx, actor, state, () => true);
  const id = randomUUID();
  await tx.execute(
    sql`INSERT INTO sdk_intercepts (tenant_id, id, name, survey_id, enabled, key_ids, display, selector, conditions, delay_ms,
          sample_percent, once_per_days, created_by)
        VALUES (${actor.tenantId}, ${id}, ${state.name}, ${state.surveyId}, ${state.enabled}, ${`{${state.keyIds.join(',')}}`}::uuid[],
          ${state.display}, ${state.selector}, ${JSON.stringify(state.conditions)}::jsonb, ${state.delayMs}, ${state.samplePercent},
          ${state.oncePerDays}, ${actor.kind === 'user' ? actor.id : null})`,
  );
  forgetInterceptConfigs();
  await audit(tx, actor, 'intercept.create', 'intercept', id, auditView(state));
  return id;
}

/** Changes the fields given; the whole result is checked again (display and selector go together). */
export async function updateIntercept(tx: Tx, actor: Actor, id: string, input: TInterceptUpdate, now: Date) {
  const before = await getIntercept(tx, actor, id, now);
  const old: InterceptState = {
    name: before.name,
    surveyId: before.survey_id,
    enabled: before.enabled,
    keyIds: before.key_ids,
    display: before.display,
    selector: before.selector,
    conditions: { urls: before.conditions.urls ?? [], event: before.conditions.event ?? null },
    delayMs: before.delay_ms,
    samplePercent: before.sample_percent,
    oncePerDays: before.once_per_days,
  };
  const next: InterceptState = { ...old, ...input };
  if (input.keyIds) next.keyIds = [...new Set(input.keyIds)];
  // Switching away from embedded drops the container rather than refusing the edit.
  if (input.display && input.display !== 'embedded' && input.selector === undefined) next.selector = null;
  await check(tx, actor, next, (k) => Object.hasOwn(input, k));
  await tx.execute(
    sql`UPDATE sdk_intercepts SET name = ${next.name}, survey_id = ${next.surveyId}, enabled = ${next.enabled},
          key_ids = ${`{${next.keyIds.join(',')}}`}::uuid[], display = ${next.display}, selector = ${next.selector},
          conditions = ${JSON.stringify(next.conditions)}::jsonb, delay_ms = ${next.delayMs},
          sample_percent = ${next.samplePercent}, once_per_days = ${next.oncePerDays}, updated_at = now()
        WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  forgetInterceptConfigs();
  await audit(tx, actor, 'intercept.update', 'intercept', id, auditView(next), auditView(old));
}

/** Deletes an intercept; its invitations and their answers stay (history), no longer linked to a rule that exists. */
export async function deleteIntercept(tx: Tx, actor: Actor, id: string, now: Date): Promise<void> {
  const before = await getIntercept(tx, actor, id, now);
  await tx.execute(sql`DELETE FROM sdk_intercepts WHERE tenant_id = ${actor.tenantId} AND id = ${id}`);
  forgetInterceptConfigs();
  await audit(tx, actor, 'intercept.delete', 'intercept', id, undefined, { name: before.name });
}
