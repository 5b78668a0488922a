import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { linkEvents } from './commands/link-events.ts';

/**
 * `products.link-events` {eventIds}: written with the events (`queueProductLinks`, the module's event-write
 * listener); links order/return events to the products they name and keeps holdings. Idempotent (`linkEvents`).
 */
export const linkEventsJob = defineJob({
  kind: 'products.link-events',
  schema: z.object({ eventIds: z.array(z.uuid()).max(1000) }),
  handle: async (ctx, job) => void (await linkEvents(ctx, job.tenantId!, job.payload.eventIds)),
});

/** The products domain's job kinds (its module's `jobs`). */
export const productJobs = [linkEventsJob];
