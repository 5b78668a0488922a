import { randomUUID } from 'node:crypto';
import type { TProgrammeCreate, TProgrammeUpdate } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { getProgramme } from './queries.ts';
import { nextRunAfter } from './schedule.ts';
import { startWave } from './tick.ts';

/** 422 naming the field: the segment, survey and channel must be the tenant's; the end after the start. */
async function checkProgramme(
  tx: Executor,
  actor: Actor,
  p: Partial<TProgrammeCreate>,
  startsAt: string,
  endsAt: string | null,
) {
  const refs = [
    ['segmentId', p.segmentId, sql`customer_segments`, 'no such segment'],
    ['surveyId', p.surveyId, sql`surveys`, 'no such survey'],
    ['channelId', p.channelId, sql`channels`, 'no such channel'],
  ] as const;
  for (const [field, id, table, reason] of refs) {
    if (id && !(await one(tx, sql`SELECT 1 FROM ${table} WHERE tenant_id = ${actor.tenantId} AND id = ${id}`)))
      throw invalid(field, reason);
  }
  if (endsAt && Date.parse(endsAt) <= Date.parse(startsAt)) throw invalid('endsAt', 'must be after startsAt');
}

/** When the next wave falls for a schedule, from now. */
function nextRun(now: Date, every: number, unit: TProgrammeCreate['unit'], startsAt: string, endsAt: string | null) {
  return nextRunAfter({ every, unit, startsAt: new Date(startsAt) }, now, endsAt ? new Date(endsAt) : null);
}

/**
 * Creates a programme. Its first wave is the first wave time after now (a start in the past does not fire the
 * period already under way: "run now" does that on purpose).
 */
export async function createProgramme(
  ctx: AppContext,
  tx: Executor,
  actor: Actor,
  b: TProgrammeCreate,
): Promise<string> {
  await checkProgramme(tx, actor, b, b.startsAt, b.endsAt ?? null);
  const id = randomUUID();
  const next = nextRun(ctx.clock.now(), b.every, b.unit, b.startsAt, b.endsAt ?? null);
  await tx.execute(
    sql`INSERT INTO reach_programmes (tenant_id, id, name, segment_id, survey_id, channel_id, every, unit, starts_at, ends_at,
          sample_percent, cooldown_days, expires_in_hours, reminder_after_days, enabled, next_run_at, created_by)
        VALUES (${actor.tenantId}, ${id}, ${b.name}, ${b.segmentId}, ${b.surveyId}, ${b.channelId}, ${b.every}, ${b.unit},
          ${b.startsAt}::timestamptz, ${b.endsAt ?? null}::timestamptz, ${b.samplePercent ?? 100}, ${b.cooldownDays ?? 0},
          ${b.expiresInHours ?? null}, ${b.reminderAfterDays ?? null}, ${b.enabled ?? true}, ${next?.toISOString() ?? null}::timestamptz, ${actor.id})`,
  );
  await audit(tx, actor, 'programme.create', 'programme', id, { ...b });
  return id;
}

const isoOf = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** Changes the fields given (null clears endsAt, expiresInHours, reminderAfterDays); the next wave is recomputed. */
export async function updateProgramme(ctx: AppContext, tx: Executor, actor: Actor, id: string, b: TProgrammeUpdate) {
  const before = await getProgramme(tx, actor, id);
  const has = (k: keyof TProgrammeUpdate) => Object.hasOwn(b, k);
  const startsAt = b.startsAt ?? (isoOf(before.starts_at) as string);
  const endsAt = has('endsAt') ? (b.endsAt ?? null) : isoOf(before.ends_at);
  await checkProgramme(tx, actor, b, startsAt, endsAt);
  const every = b.every ?? before.every;
  const unit = b.unit ?? before.unit;
  const next = nextRun(ctx.clock.now(), every, unit, startsAt, endsAt);
  await tx.execute(
    sql`UPDATE reach_programmes SET
          name = ${b.name ?? before.name},
          segment_id = ${b.segmentId ?? before.segment_id},
          survey_id = ${b.surveyId ?? before.survey_id},
          channel_id = ${b.channelId ?? before.channel_id},
          every = ${every}, unit = ${unit},
          starts_at = ${startsAt}::timestamptz, ends_at = ${endsAt}::timestamptz,
          sample_percent = ${b.samplePercent ?? before.sample_percent},
          cooldown_days = ${b.cooldownDays ?? before.cooldown_days},
          expires_in_hours = ${has('expiresInHours') ? (b.expiresInHours ?? null) : before.expires_in_hours},
          reminder_after_days = ${has('reminderAfterDays') ? (b.reminderAfterDays ?? null) : before.reminder_after_days},
          enabled = ${b.enabled ?? before.enabled},
          next_run_at = ${next?.toISOString() ?? null}::timestamptz,
          updated_at = now()
        WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  await audit(tx, actor, 'programme.update', 'programme', id, { ...b });
}

/** Deletes a programme and its wave history; its invitations stay (the funnel and customers' timelines). */
export async function deleteProgramme(tx: Executor, actor: Actor, id: string) {
  await getProgramme(tx, actor, id);
  await tx.execute(sql`DELETE FROM reach_programmes WHERE tenant_id = ${actor.tenantId} AND id = ${id}`);
  await audit(tx, actor, 'programme.delete', 'programme', id, {});
}

/** "Run now": a wave outside the schedule, under its own key (`now-<uuid>`); the schedule is unchanged. */
export async function runProgrammeNow(ctx: AppContext, tx: Executor, actor: Actor, id: string): Promise<string> {
  await getProgramme(tx, actor, id);
  const waveId = (await startWave(tx, actor.tenantId, id, `now-${randomUUID()}`, ctx.clock.now(), {
    manual: true,
    by: actor.id,
  })) as string;
  await audit(tx, actor, 'programme.run', 'programme', id, { waveId });
  return waveId;
}
