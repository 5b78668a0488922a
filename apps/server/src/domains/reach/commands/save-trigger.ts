import { randomUUID } from 'node:crypto';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { AppError, invalid } from '../../../platform/errors.ts';
import { checkTriggerExpressions } from '../paths.ts';
import { getTrigger } from '../queries/triggers.ts';
import type { TTriggerCreate, TTriggerUpdate } from '../schema.ts';

/** 422 naming every malformed field of the condition and the mappings; the survey and channel must be the tenant's. */
async function checkTrigger(tx: Executor, actor: Actor, t: Partial<TTriggerCreate>) {
  const problems = checkTriggerExpressions(t);
  if (problems.length)
    throw new AppError('invalid', problems.map((p) => `${p.name}: ${p.reason}`).join('; '), {
      invalidParams: problems,
    });
  if (t.surveyId) {
    const s = await one(tx, sql`SELECT 1 FROM surveys WHERE tenant_id = ${actor.tenantId} AND id = ${t.surveyId}`);
    if (!s) throw invalid('surveyId', 'no such survey');
  }
  if (t.channelId) {
    const c = await one(tx, sql`SELECT 1 FROM channels WHERE tenant_id = ${actor.tenantId} AND id = ${t.channelId}`);
    if (!c) throw invalid('channelId', 'no such channel');
  }
}

const orNull = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/** Creates a trigger rule; evaluated from then on for every ingested event of its type. */
export async function createTrigger(tx: Executor, actor: Actor, b: TTriggerCreate): Promise<string> {
  await checkTrigger(tx, actor, b);
  const id = randomUUID();
  await tx.execute(
    sql`INSERT INTO reach_triggers (tenant_id, id, name, event_type, condition, survey_id, channel_id, delay_minutes, sample_percent,
          expires_in_hours, context, recipient, policy, reminder_after_days, enabled, created_by)
        VALUES (${actor.tenantId}, ${id}, ${b.name}, ${b.eventType}, ${b.condition?.trim() || null}, ${b.surveyId}, ${b.channelId},
          ${b.delayMinutes ?? 0}, ${b.samplePercent ?? 100}, ${b.expiresInHours ?? null}, ${JSON.stringify(b.context ?? {})}::jsonb,
          ${JSON.stringify(b.recipient ?? {})}::jsonb, ${orNull(b.policy)}::jsonb, ${b.reminderAfterDays ?? null}, ${b.enabled ?? true}, ${actor.id})`,
  );
  await audit(tx, actor, 'trigger.create', 'trigger', id, { ...b });
  return id;
}

/** Changes the fields given; `null` clears a nullable one (condition, expiry, policy override, reminder). */
export async function updateTrigger(tx: Executor, actor: Actor, id: string, b: TTriggerUpdate): Promise<void> {
  const before = await getTrigger(tx, actor, id);
  await checkTrigger(tx, actor, b);
  const has = (k: keyof TTriggerUpdate) => Object.hasOwn(b, k);
  await tx.execute(
    sql`UPDATE reach_triggers SET
          name = ${b.name ?? before.name},
          event_type = ${b.eventType ?? before.event_type},
          condition = ${has('condition') ? b.condition?.trim() || null : before.condition},
          survey_id = ${b.surveyId ?? before.survey_id},
          channel_id = ${b.channelId ?? before.channel_id},
          delay_minutes = ${b.delayMinutes ?? before.delay_minutes},
          sample_percent = ${b.samplePercent ?? before.sample_percent},
          expires_in_hours = ${has('expiresInHours') ? (b.expiresInHours ?? null) : before.expires_in_hours},
          context = ${JSON.stringify(b.context ?? before.context)}::jsonb,
          recipient = ${JSON.stringify(b.recipient ?? before.recipient)}::jsonb,
          policy = ${has('policy') ? orNull(b.policy) : orNull(before.policy)}::jsonb,
          reminder_after_days = ${has('reminderAfterDays') ? (b.reminderAfterDays ?? null) : before.reminder_after_days},
          enabled = ${b.enabled ?? before.enabled},
          updated_at = now()
        WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  await audit(tx, actor, 'trigger.update', 'trigger', id, { ...b });
}

/** Deletes a trigger; its invitations stay (history and the funnel), no longer linked to a rule that exists. */
export async function deleteTrigger(tx: Executor, actor: Actor, id: string): Promise<void> {
  await getTrigger(tx, actor, id);
  await tx.execute(sql`DELETE FROM reach_triggers WHERE tenant_id = ${actor.tenantId} AND id = ${id}`);
  await audit(tx, actor, 'trigger.delete', 'trigger', id, {});
}
