import type { DomainModule } from '../../platform/module.ts';
import { teamRoutes } from './routes.ts';

export const module: DomainModule = { name: 'teams', privateRoutes: teamRoutes };
