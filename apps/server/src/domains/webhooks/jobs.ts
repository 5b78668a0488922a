import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { fanOutEvents } from './commands/fan-out.ts';
import { sendDeliveries } from './commands/send-deliveries.ts';

/**
 * `webhooks.fanout` {}: turns the tenant's undispatched `webhook_events` into deliveries, one per matching endpoint.
 * Written by the trigger on `webhook_events` in the transaction that wrote the events; the jobs of one tenant claimed
 * together are one call (each drains every pending event, so the merged payload is empty).
 */
export const webhookFanoutJob = defineJob({
  kind: 'webhooks.fanout',
  schema: z.object({}),
  handle: fanOutEvents,
  merge: () => ({}),
});

/**
 * `webhooks.send` {deliveryIds}: attempts these deliveries (up to 100, sent concurrently, each object's in sequence
 * order); failures are rescheduled by the handler itself (backoff with jitter for 24 hours), so the job always
 * succeeds unless the database fails. Not merged: each job records its outcomes when its own sends end, so a hanging
 * receiver holds back only its job's batch, and on PostgreSQL the runner's lanes send several batches at once.
 */
export const webhookSendJob = defineJob({
  kind: 'webhooks.send',
  schema: z.object({ deliveryIds: z.array(z.string()) }),
  handle: sendDeliveries,
});

/** The webhooks domain's job kinds (its module's `jobs`). */
export const webhookJobs = [webhookFanoutJob, webhookSendJob];
