import type { DomainModule } from '../../platform/module.ts';
import { textAnalysisRoutes } from './analysis-routes.ts';
import { warmAnalyzers } from './analyzer-cache.ts';
import { runClusterBackfill } from './commands/assign-clusters.ts';
import { queueAnalysis } from './commands/queue-analysis.ts';
import { scheduleDailyDiscovery } from './commands/schedule-discovery.ts';
import { seedTextAnalytics } from './demo.ts';
import { discoveryRoutes } from './discovery-routes.ts';
import { textJobs } from './jobs.ts';
import { textRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'text',
  privateRoutes: async (r, ctx) => {
    await textRoutes(r, ctx);
    await textAnalysisRoutes(r, ctx);
    await discoveryRoutes(r, ctx);
  },
  jobs: textJobs,
  // Committed responses get their texts analysed by a job of their own (then text-reading alert rules run).
  responseListeners: { text: queueAnalysis },
  scheduled: [
    { name: 'text.discovery-daily', everyMs: 3600_000, run: scheduleDailyDiscovery },
    // Clusters for analyses written before migration 0097 (a no-op probe once history is clustered).
    { name: 'text.cluster-backfill', everyMs: 60_000, run: runClusterBackfill },
  ],
  demoSteps: [
    { order: 65, name: 'restaurant topic pack, analysis of every comment, discovery', run: seedTextAnalytics },
  ],
  async init(ctx) {
    await warmAnalyzers(ctx);
  },
};
