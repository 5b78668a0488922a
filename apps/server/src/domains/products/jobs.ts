import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { runBackfillJob } from './commands/backfill-links.ts';
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

/**
 * `products.backfill-links` {runId}: links the next batch of the tenant's stored order and return events for a
 * `product_link_backfills` run and chains the next batch (`runBackfillJob`). Idempotent like the live job.
 */
export const backfillLinksJob = defineJob({
  kind: 'products.backfill-links',
  schema: z.object({ runId: z.uuid() }),
  handle: runBackfillJob,
});

/** The products domain's job kinds (its module's `jobs`). */
export const productJobs = [linkEventsJob, backfillLinksJob];
