import type { DomainModule } from '../../platform/module.ts';
import { seedMetricDefinitions } from './demo.ts';
import { metricRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'metrics',
  privateRoutes: metricRoutes,
  demoSteps: [{ order: 38, name: 'the CPO formula metric', run: seedMetricDefinitions }],
};
