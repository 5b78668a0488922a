import type { DomainModule } from '../../platform/module.ts';
import { seedEvents } from './demo.ts';
import { eventJobs } from './jobs.ts';
import { eventRoutes } from './routes.ts';
import { eventTypeRoutes } from './type-routes.ts';

export const module: DomainModule = {
  name: 'events',
  privateRoutes: async (r, ctx) => {
    await eventRoutes(r, ctx);
    await eventTypeRoutes(r, ctx);
  },
  jobs: eventJobs,
  demoSteps: [{ order: 35, name: '90 days of orders and inbound calls', run: seedEvents }],
};
