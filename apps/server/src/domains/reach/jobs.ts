import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
// The commands import these definitions to enqueue; handlers call them lazily (inside the arrow), so the cycle is safe.
import { evaluateEvents } from './commands/evaluate-events.ts';
import { sendInvitations } from './commands/send-invitations.ts';
import { runWaveChunk } from './programmes/run-wave.ts';

/**
 * `reach.evaluate` {eventIds}: evaluates committed events against the tenant's triggers (written in the
 * transaction that stored the events, so ingest never waits for it). Jobs of one tenant claimed together merge.
 */
export const reachEvaluateJob = defineJob({
  kind: 'reach.evaluate',
  schema: z.object({ eventIds: z.array(z.uuid()) }),
  handle: async (ctx, job) => {
    if (job.tenantId) await evaluateEvents(ctx, job.tenantId, job.payload.eventIds);
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
