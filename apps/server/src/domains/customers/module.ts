import type { DomainModule } from '../../platform/module.ts';
import { queueResolution } from './commands/queue-resolution.ts';
import { refreshAllTenants } from './commands/refresh-all-tenants.ts';
import { sweepAllTenants } from './commands/resolve-customers.ts';
import { seedCustomers } from './demo.ts';
import { customerJobs } from './jobs.ts';
import { customerRoutes } from './routes.ts';
import { ruleRoutes } from './rule-routes.ts';
import { segmentRoutes } from './segment-routes.ts';

export const module: DomainModule = {
  name: 'customers',
  privateRoutes: async (r, ctx) => {
    await segmentRoutes(r, ctx);
    await ruleRoutes(r, ctx);
    await customerRoutes(r, ctx);
  },
  jobs: customerJobs,
  // The response writer already writes one outbox job per flush; resolution hangs off it instead of adding
  // anything to the ingest statement.
  responseListeners: { customers: queueResolution },
  scheduled: [
    // Everything else (events, feedback, rows from imports and seeds) is swept by primary key, a minute behind.
    { name: 'customers.resolve-sweep', everyMs: 30_000, run: sweepAllTenants },
    { name: 'customers.rules-tiers-segments', everyMs: 15 * 60_000, run: refreshAllTenants },
  ],
  demoSteps: [{ order: 75, name: 'customer profiles, tag rule, tiers, segments', run: seedCustomers }],
};
