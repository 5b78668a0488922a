import { z } from 'zod';
import { defineJob, dropJobs } from '../../platform/jobs.ts';
// The commands import these definitions to enqueue; handlers call them lazily (inside the arrow), so the cycle is safe.
import { evaluateEventsForSend } from './commands/evaluate-events.ts';
import { sendInvitations } from './commands/send-invitations.ts';
import { runWaveChunk } from './programmes/run-wave.ts';

/** Invitations one direct send after an evaluation claims at once (sent 32 at a time, recorded in one transaction). */
const DIRECT_SEND_CHUNK = 500;
/**
 * Above this many due invitations (a backlog of merged evaluation jobs) the handler leaves them to their send jobs,
 * which PostgreSQL's worker lanes run side by side, rather than holding its own job lock through thousands of sends.
 */
const DIRECT_SEND_MAX = 2000;

/**
 * `reach.evaluate` {eventIds}: evaluates committed events against the tenant's triggers (written in the
 * transaction that stored the events, so ingest never waits for it). Jobs of one tenant claimed together merge.
 *
 * The invitations due at once are sent by this handler right after the evaluation committed, instead of waiting
 * for a worker to claim their send jobs on its next round (which starts only when every job of this round is
 * done): one round less between an event's commit and its delivery. The send jobs stay the outbox: they are
 * dropped only once the sends are recorded, and if this worker dies or the sends fail first, a worker runs them
 * (a send already recorded or leased is skipped; queue-reminders.ts sweeps any invitation left `scheduled`).
 */
export const reachEvaluateJob = defineJob({
  kind: 'reach.evaluate',
  schema: z.object({ eventIds: z.array(z.uuid()) }),
  handle: async (ctx, job) => {
    const tenantId = job.tenantId;
    if (!tenantId) return;
    const { dueNow, dueJobs } = await evaluateEventsForSend(ctx, tenantId, job.payload.eventIds);
    if (!dueNow.length || dueNow.length > DIRECT_SEND_MAX) return;
    try {
      for (let i = 0; i < dueNow.length; i += DIRECT_SEND_CHUNK)
        await sendInvitations(ctx, tenantId, dueNow.slice(i, i + DIRECT_SEND_CHUNK));
      await dropJobs(ctx.db, dueJobs);
    } catch {
      // The evaluation is committed and its send jobs exist: they retry what this attempt could not do.
    }
  },
  merge: (payloads) => ({ eventIds: payloads.flatMap((p) => p.eventIds) }),
});

/**
 * `reach.send` {invitationIds, reminder?}: sends due invitations through their channels (up to 100 per job);
 * failures reschedule themselves, so the job fails only when the database does.
 */
export const reachSendJob = defineJob({
  kind: 'reach.send',
  schema: z.object({ invitationIds: z.array(z.uuid()).max(100), reminder: z.boolean().optional() }),
  handle: async (ctx, job) => {
    if (job.tenantId)
      await sendInvitations(ctx, job.tenantId, job.payload.invitationIds, { reminder: job.payload.reminder });
  },
});

/**
 * `reach.wave` {waveId}: decides the next chunk of a programme's wave (programmes/run-wave.ts) and queues the next
 * chunk, until the segment is walked.
 */
export const reachWaveJob = defineJob({
  kind: 'reach.wave',
  schema: z.object({ waveId: z.uuid() }),
  handle: async (ctx, job) => {
    if (job.tenantId) await runWaveChunk(ctx, job.tenantId, job.payload.waveId);
  },
});

/** The reach domain's job kinds. */
export const reachJobs = [reachEvaluateJob, reachSendJob, reachWaveJob];
