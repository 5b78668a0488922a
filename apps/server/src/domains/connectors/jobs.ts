import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { pollConnector } from './commands/poll-connector.ts';

/** `connectors.poll` {connectorId, trigger}: one poll of an RSS/Atom or JSON-API connector (see poll-connector.ts). */
export const connectorPollJob = defineJob({
  kind: 'connectors.poll',
  schema: z.object({ connectorId: z.uuid(), trigger: z.enum(['schedule', 'manual']) }),
  handle: async (ctx, job) => {
    if (job.tenantId) await pollConnector(ctx, job.tenantId, job.payload.connectorId, job.payload.trigger);
  },
});

/** The connectors domain's job kinds (its module's `jobs`). */
export const connectorJobs = [connectorPollJob];
