import type { DomainModule } from '../../platform/module.ts';
import { webhookRoutes } from './routes.ts';

export const module: DomainModule = { name: 'webhooks', privateRoutes: webhookRoutes };
