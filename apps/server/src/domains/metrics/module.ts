import type { DomainModule } from '../../platform/module.ts';
import { seedMetricDefinitions } from './demo.ts';
import { seedFollowUpOrders } from './outcome-demo.ts';
import { metricRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'metrics',
  privateRoutes: metricRoutes,
  demoSteps: [
    { order: 37, name: 'follow-up orders of members who answered NPS (X → O)', run: seedFollowUpOrders },
    { order: 38, name: 'the CPO formula metric', run: seedMetricDefinitions },
  ],
};
