import type { DomainModule } from '../../platform/module.ts';
import { orgRoutes } from './routes.ts';

export const module: DomainModule = { name: 'org', privateRoutes: orgRoutes };
