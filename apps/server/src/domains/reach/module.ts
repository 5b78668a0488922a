import type { DomainModule } from '../../platform/module.ts';
import { queueTriggerEvaluation } from './commands/queue-evaluation.ts';
import { queueReminders } from './commands/queue-reminders.ts';
import { seedReach } from './demo.ts';
import { reachJobs } from './jobs.ts';
import { seedProgrammes } from './programmes/demo.ts';
import { programmeRoutes } from './programmes/routes.ts';
import { queueProgrammeWaves } from './programmes/tick.ts';
import { reachPublicRoutes, reachRootRoutes } from './public-routes.ts';
import { receiptConfigRoutes, receiptPublicRoutes, receiptRootRoutes } from './receipts/routes.ts';
import { reachRoutes } from './routes.ts';
import { surveyPolicyRoutes } from './survey-policy.ts';

export const module: DomainModule = {
  name: 'reach',
  privateRoutes: async (r, ctx) => {
    await reachRoutes(r, ctx);
    await programmeRoutes(r, ctx);
    await surveyPolicyRoutes(r, ctx);
    await receiptConfigRoutes(r, ctx);
  },
  publicRoutes: async (r, ctx) => {
    await reachPublicRoutes(r, ctx);
    await receiptPublicRoutes(r, ctx);
  },
  rootRoutes: async (r, ctx) => {
    await reachRootRoutes(r, ctx);
    await receiptRootRoutes(r, ctx);
  },
  jobs: reachJobs,
  eventWriteListeners: { reach: queueTriggerEvaluation },
  scheduled: [
    { name: 'reach.reminders', everyMs: 60_000, run: queueReminders },
    {
      name: 'reach.programmes',
      everyMs: 60_000,
      run: async (ctx) => {
        await queueProgrammeWaves(ctx);
      },
    },
  ],
  demoSteps: [
    {
      order: 90,
      name: 'Reach: the checkout survey, a webhook channel, an order.completed trigger mapping categories, invitation history',
      run: seedReach,
    },
    {
      order: 91,
      name: 'Reach: a quarterly relational NPS programme to the gold segment, with its first wave',
      run: seedProgrammes,
    },
  ],
};
