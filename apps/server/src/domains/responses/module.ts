import type { DomainModule } from '../../platform/module.ts';
import { expireExports } from './commands/expire-exports.ts';
import { seedResponses } from './demo.ts';
import { batchIngestRoutes, publicIngestRoutes } from './ingest-routes.ts';
import { responseJobs } from './jobs.ts';
import { responseRoutes } from './routes.ts';
import { writerFor } from './writer.ts';

export const module: DomainModule = {
  name: 'responses',
  publicRoutes: async (r, ctx) => publicIngestRoutes(r, ctx, writerFor(ctx)),
  privateRoutes: async (r, ctx) => {
    await batchIngestRoutes(r, ctx, writerFor(ctx));
    await responseRoutes(r, ctx);
  },
  demoSteps: [{ order: 30, name: '90 days of responses', run: seedResponses }],
  jobs: responseJobs,
  scheduled: [{ name: 'exports.expire', everyMs: 3_600_000, run: async (ctx) => void (await expireExports(ctx)) }],
};
