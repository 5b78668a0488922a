import type { DomainModule } from '../../platform/module.ts';
import { nbaActionRoutes } from './action-routes.ts';
import { seedNba } from './demo.ts';
import { nbaRuleRoutes } from './rule-routes.ts';

export const module: DomainModule = {
  name: 'nba',
  privateRoutes: async (r, ctx) => {
    await nbaRuleRoutes(r, ctx);
    await nbaActionRoutes(r, ctx);
  },
  // After customers, text analytics and the X → O outcome events (75): rules over their facts, with a holdout.
  demoSteps: [
    { order: 78, name: 'next-best-action rules with a holdout, decisions and follow-up orders', run: seedNba },
  ],
};
