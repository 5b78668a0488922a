import type { AppContext } from '../../platform/context.ts';
import type { DomainModule } from '../../platform/module.ts';
import { batchIngestRoutes, publicIngestRoutes } from './ingest-routes.ts';
import { runResponseListeners } from './listeners.ts';
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
  privateRoutes: async (r, ctx) => batchIngestRoutes(r, ctx, writerFor(ctx)),
  jobs: { 'responses.committed': runResponseListeners },
};
