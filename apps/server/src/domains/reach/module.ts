import type { DomainModule } from '../../platform/module.ts';
import { queueTriggerEvaluation } from './commands/queue-evaluation.ts';
import { queueReminders } from './commands/queue-reminders.ts';
import { seedReach } from './demo.ts';
import { reachJobs } from './jobs.ts';
import { reachPublicRoutes, reachRootRoutes } from './public-routes.ts';
import { reachRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'reach',
  privateRoutes: reachRoutes,
  publicRoutes: reachPublicRoutes,
  rootRoutes: reachRootRoutes,
  jobs: reachJobs,
  eventWriteListeners: { reach: queueTriggerEvaluation },
  scheduled: [{ name: 'reach.reminders', everyMs: 60_000, run: queueReminders }],
  demoSteps: [
    {
      order: 90,
      name: 'Reach: the checkout survey, a webhook channel, an order.completed trigger mapping categories, invitation history',
      run: seedReach,
    },
  ],
};
