import type { DomainModule } from '../../platform/module.ts';
import { escalateOverdueTasks } from './commands/escalate-overdue-tasks.ts';
import { seedProblems } from './demo.ts';
import { problemJobs } from './jobs.ts';
import { problemAttention } from './queries/attention.ts';
import { problemRoutes } from './routes.ts';
import { problemTaskRoutes } from './task-routes.ts';

export const module: DomainModule = {
  name: 'problems',
  privateRoutes: async (r, ctx) => {
    await problemRoutes(r, ctx);
    await problemTaskRoutes(r, ctx);
  },
  jobs: problemJobs,
  // The home page's cards: my overdue tasks, tasks awaiting my acceptance.
  attention: { 'tasks.overdue': problemAttention },
  scheduled: [
    {
      name: 'problems.escalate-overdue-tasks',
      everyMs: 60_000,
      run: async (ctx) => void (await escalateOverdueTasks(ctx)),
    },
  ],
  // After the ticket history (62) and the improvement actions' demo data.
  demoSteps: [{ order: 66, name: 'problems decomposed into department tasks', run: seedProblems }],
};
