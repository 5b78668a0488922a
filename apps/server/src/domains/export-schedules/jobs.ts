import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { runSchedule } from './commands/run-schedule.ts';

/**
 * "Run now": one run of a schedule, started by a worker at once. The run takes the schedule's lease (renewed while it
 * streams), so a job claimed twice (its 60 s claim ran out during a long run) finds the lease held and ends.
 */
export const exportRunJob = defineJob({
  kind: 'exports.run-schedule',
  schema: z.object({ scheduleId: z.uuid(), trigger: z.enum(['schedule', 'manual']) }),
  handle: async (ctx, job) => {
    if (!job.tenantId) return;
    await runSchedule(ctx, job.tenantId, job.payload.scheduleId, { trigger: job.payload.trigger });
  },
});

export const exportScheduleJobs = [exportRunJob];
