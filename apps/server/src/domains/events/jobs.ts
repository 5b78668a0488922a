import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { rebuildEventRollups } from './commands/rebuild-rollups.ts';

/** `events.rebuild-rollups` {tenantId, type}: recomputes an event type's dimension rollups after its dimensions changed. */
export const eventsRebuildRollupsJob = defineJob({
  kind: 'events.rebuild-rollups',
  schema: z.object({ tenantId: z.string(), type: z.string() }),
  handle: rebuildEventRollups,
});

/** The events domain's job kinds (its module's `jobs`). */
export const eventJobs = [eventsRebuildRollupsJob];
