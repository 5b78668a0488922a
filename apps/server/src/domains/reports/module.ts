import type { DomainModule } from '../../platform/module.ts';
import { runDueReports } from './commands/run-reports.ts';
import { seedReports } from './demo.ts';
import { reportJobs } from './jobs.ts';
import { reportRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'reports',
  privateRoutes: reportRoutes,
  jobs: reportJobs,
  // One tick cluster-wide; the (schedule, period) key makes a report go out once whatever ticks or nodes run it.
  scheduled: [{ name: 'reports.scheduled-runs', everyMs: 60_000, run: async (ctx) => void (await runDueReports(ctx)) }],
  demoSteps: [{ order: 95, name: 'the East region manager’s monthly report with one sent', run: seedReports }],
};
