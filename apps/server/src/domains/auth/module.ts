import type { DomainModule } from '../../platform/module.ts';
import { authPublicRoutes, meRoutes } from './routes.ts';

export const module: DomainModule = { name: 'auth', publicRoutes: authPublicRoutes, privateRoutes: meRoutes };
