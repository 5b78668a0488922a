import type { DomainModule } from '../../platform/module.ts';
import { seedDashboards } from './demo.ts';
import { dashboardRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'dashboards',
  privateRoutes: dashboardRoutes,
  demoSteps: [{ order: 70, name: 'shared dashboards', run: seedDashboards }],
};
