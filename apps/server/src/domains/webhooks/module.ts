import type { DomainModule } from '../../platform/module.ts';
import { seedWebhooks } from './demo.ts';
import { webhookRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'webhooks',
  privateRoutes: webhookRoutes,
  demoSteps: [{ order: 65, name: 'a webhook endpoint (the data platform, switched off)', run: seedWebhooks }],
};
