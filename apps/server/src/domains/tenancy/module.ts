import type { DomainModule } from '../../platform/module.ts';
import { tenantRoutes } from './routes.ts';

export const module: DomainModule = { name: 'tenancy', privateRoutes: tenantRoutes };
