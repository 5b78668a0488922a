import type { DomainModule } from '../../platform/module.ts';
import { seedNotifications } from './demo.ts';
import { notificationJobs } from './jobs.ts';
import { robotRoutes } from './robot-routes.ts';
import { notificationRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'notifications',
  privateRoutes: async (r, ctx) => {
    await notificationRoutes(r, ctx);
    await robotRoutes(r, ctx);
  },
  jobs: notificationJobs,
  demoSteps: [{ order: 70, name: 'notifications of the demo managers', run: seedNotifications }],
};
