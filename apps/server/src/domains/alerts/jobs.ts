import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { deliverEmail } from './commands/deliver-email.ts';
import { deliverWebhook } from './commands/notify.ts';

/** `webhook.deliver` {notificationId}: POSTs a signed webhook; a non-2xx answer retries with backoff. */
export const webhookDeliverJob = defineJob({
  kind: 'webhook.deliver',
  schema: z.object({ notificationId: z.string() }),
  handle: deliverWebhook,
});

/** `email.deliver` {notificationId}: sends an alert email through SMTP (enqueued only when SMTP is configured). */
export const emailDeliverJob = defineJob({
  kind: 'email.deliver',
  schema: z.object({ notificationId: z.string() }),
  handle: deliverEmail,
});

/** The alerts domain's job kinds (its module's `jobs`). */
export const alertJobs = [webhookDeliverJob, emailDeliverJob];
