import type { DomainModule } from '../../platform/module.ts';
import { actionRoutes } from './routes.ts';

export const module: DomainModule = { name: 'actions', privateRoutes: actionRoutes };
