import type { DomainModule } from '../../platform/module.ts';
import { apiKeyRoutes } from './routes.ts';

export const module: DomainModule = { name: 'api-keys', privateRoutes: apiKeyRoutes };
