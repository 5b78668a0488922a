import type { AppContext } from '../../platform/context.ts';
import type { DomainModule } from '../../platform/module.ts';
import { seedResponses } from './demo.ts';
import { batchIngestRoutes, publicIngestRoutes } from './ingest-routes.ts';
import { responseJobs } from './jobs.ts';
import { responseRoutes } from './routes.ts';
import { ResponseWriter } from './writer.ts';

const writers = new WeakMap<AppContext, ResponseWriter>();

/** One micro-batcher per application context. */
export function writerFor(ctx: AppContext) {
  let w = writers.get(ctx);
  if (!w) {
    w = new ResponseWriter(ctx);
    writers.set(ctx, w);
  }
  return w;
}

export const module: DomainModule = {
  name: 'responses',
  publicRoutes: async (r, ctx) => publicIngestRoutes(r, ctx, writerFor(ctx)),
  privateRoutes: async (r, ctx) => {
    await batchIngestRoutes(r, ctx, writerFor(ctx));
    await responseRoutes(r, ctx);
  },
  demoSteps: [{ order: 30, name: '90 days of responses', run: seedResponses }],
  jobs: responseJobs,
};
