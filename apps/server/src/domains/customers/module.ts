import { type Job, registerJobMerge } from '../../platform/jobs.ts';
import type { DomainModule } from '../../platform/module.ts';
import { registerResponseListener } from '../responses/listeners.ts';
import { queueResolution } from './commands/queue-resolution.ts';
import { refreshAllTenants } from './commands/refresh-all-tenants.ts';
import { type ResolvedSource, resolveIds, sweepAllTenants } from './commands/resolve-customers.ts';
import { seedCustomers } from './demo.ts';
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
  jobs: {
    // Committed responses, named by id: resolved within a moment of ingest, in a job of their own.
    'customers.resolve': async (ctx, job: Job<{ source: ResolvedSource; ids: string[] }>) => {
      if (job.tenantId) await resolveIds(ctx, job.tenantId, job.payload.source, job.payload.ids);
    },
  },
  scheduled: [
    // Everything else (events, feedback, rows from imports and seeds) is swept by primary key, a minute behind.
    { name: 'customers.resolve-sweep', everyMs: 30_000, run: sweepAllTenants },
    {
      name: 'customers.rules-tiers-segments',
      everyMs: 15 * 60_000,
      run: refreshAllTenants,
    },
  ],
  demoSteps: [{ order: 75, name: 'customer profiles, tag rule, tiers, segments', run: seedCustomers }],
  async init() {
    // Resolve jobs of one tenant claimed together run as one (only responses enqueue them).
    registerJobMerge('customers.resolve', (payloads) => ({
      source: 'responses',
      ids: (payloads as Array<{ ids: string[] }>).flatMap((p) => p.ids),
    }));
    // The response writer already writes one outbox job per flush; resolution hangs off it instead of adding
    // anything to the ingest statement.
    registerResponseListener('customers', queueResolution);
  },
};
