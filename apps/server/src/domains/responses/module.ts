import { registerJobMerge } from '../../platform/jobs.ts';
import type { DomainModule } from '../../platform/module.ts';
import { runExport } from './commands/export-responses.ts';
import { seedResponses } from './demo.ts';
import { batchIngestRoutes, publicIngestRoutes } from './ingest-routes.ts';
import { runResponseListeners } from './listeners.ts';
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
  jobs: { 'responses.committed': runResponseListeners, 'responses.export': runExport },
  async init() {
    // Listener jobs of one tenant claimed together run as one call over all their responses.
    registerJobMerge('responses.committed', (payloads) => ({
      ids: (payloads as Array<{ ids: string[] }>).flatMap((p) => p.ids),
    }));
  },
};
