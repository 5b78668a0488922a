import type { DomainModule } from '../../platform/module.ts';
import { userRoutes } from './routes.ts';

export const module: DomainModule = { name: 'users', privateRoutes: userRoutes };
