import type { DomainModule } from '../../platform/module.ts';
import { claimDuePolls } from './commands/claim-due-polls.ts';
import { seedConnectors, seedFeedbackLoop } from './demo.ts';
import { inboundRoutes } from './inbound-routes.ts';
import { connectorJobs } from './jobs.ts';
import { connectorRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'connectors',
  privateRoutes: connectorRoutes,
  publicRoutes: inboundRoutes,
  jobs: connectorJobs,
  // Every worker node ticks; each due poller is claimed by one of them (claim-due-polls.ts).
  scheduled: [{ name: 'connectors.poll-due', everyMs: 30_000, run: async (ctx) => void (await claimDuePolls(ctx)) }],
  demoSteps: [
    { order: 47, name: 'feedback connectors (舆情 webhook, app-store RSS) with history', run: seedConnectors },
    { order: 66, name: 'feedback rules with tickets, replies to feedback', run: seedFeedbackLoop },
  ],
};
