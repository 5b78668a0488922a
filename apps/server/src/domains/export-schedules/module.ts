import type { DomainModule } from '../../platform/module.ts';
import { runDueExports } from './commands/run-schedule.ts';
import { seedExportSchedule } from './demo.ts';
import { exportScheduleJobs } from './jobs.ts';
import { exportScheduleRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'export-schedules',
  privateRoutes: exportScheduleRoutes,
  jobs: exportScheduleJobs,
  // Every worker ticks; a schedule's lease makes it one run per schedule across nodes.
  scheduled: [{ name: 'exports.scheduled-runs', everyMs: 30_000, run: async (ctx) => void (await runDueExports(ctx)) }],
  demoSteps: [{ order: 90, name: 'a daily data-platform export with run history', run: seedExportSchedule }],
};
