import { rows, sql } from '../../platform/db.ts';
import { enqueue, wakeWorkers } from '../../platform/jobs.ts';
import type { DomainModule } from '../../platform/module.ts';
import { refreshTenant } from './commands/refresh-segments.ts';
import { sweepAllTenants } from './commands/resolve-customers.ts';
import { seedCustomers } from './demo.ts';
import { customerJobs, customersResolveJob } from './jobs.ts';
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
  responseListeners: {
    customers: async (c, tenantId, ids) => {
      for (let i = 0; i < ids.length; i += 2000)
        await enqueue(c.db, customersResolveJob, [{ source: 'responses', ids: ids.slice(i, i + 2000) }], { tenantId });
      wakeWorkers(c);
    },
  },
  scheduled: [
    // Everything else (events, feedback, rows from imports and seeds) is swept by primary key, a minute behind.
    { name: 'customers.resolve-sweep', everyMs: 30_000, run: sweepAllTenants },
    {
      name: 'customers.rules-tiers-segments',
      everyMs: 15 * 60_000,
      run: async (ctx) => {
        for (const t of await rows<{ id: string }>(ctx.db, sql`SELECT id FROM tenants ORDER BY id`))
          await refreshTenant(ctx, t.id);
      },
    },
  ],
  demoSteps: [{ order: 75, name: 'customer profiles, tag rule, tiers, segments', run: seedCustomers }],
};
