import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { RESOLVED_SOURCES, resolveIds } from './commands/resolve-customers.ts';

/**
 * `customers.resolve` {source, ids}: committed responses, named by id, resolved to profiles within a moment of
 * ingest in a job of their own (the response listener enqueues it). Jobs of one tenant claimed together run as
 * one; only responses enqueue them, hence the merged source.
 */
export const customersResolveJob = defineJob({
  kind: 'customers.resolve',
  schema: z.object({ source: z.enum(RESOLVED_SOURCES), ids: z.array(z.string()) }),
  handle: async (ctx, job) => {
    if (job.tenantId) await resolveIds(ctx, job.tenantId, job.payload.source, job.payload.ids);
  },
  merge: (payloads) => ({ source: 'responses' as const, ids: payloads.flatMap((p) => p.ids) }),
});

/** The customers domain's job kinds (its module's `jobs`). */
export const customerJobs = [customersResolveJob];
