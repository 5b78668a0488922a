import type { DomainModule } from '../../platform/module.ts';
import { emitResponseAnalyzed, emitResponseCreated } from './commands/emit-response-events.ts';
import { purgeWebhookHistory } from './commands/purge-history.ts';
import { seedWebhooks } from './demo.ts';
import { webhookJobs } from './jobs.ts';
import { webhookRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'webhooks',
  privateRoutes: webhookRoutes,
  jobs: webhookJobs,
  responseListeners: { webhooks: emitResponseCreated },
  responseTextListeners: { webhooks: emitResponseAnalyzed },
  scheduled: [{ name: 'webhooks.purge-history', everyMs: 3600_000, run: purgeWebhookHistory }],
  demoSteps: [
    {
      order: 65,
      name: 'a webhook endpoint (the data platform, switched off) with a delivery history',
      run: seedWebhooks,
    },
  ],
};
