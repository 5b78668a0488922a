import type { DomainModule } from '../../platform/module.ts';
import { deliverWebhook } from './commands/notify.ts';
import { alertRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'alerts',
  privateRoutes: alertRoutes,
  jobs: { 'webhook.deliver': deliverWebhook },
};
