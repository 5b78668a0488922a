import type { DomainModule } from '../../platform/module.ts';
import { seedPanel } from './demo.ts';
import { seedPanelDiary } from './demo-diary.ts';
import { seedPanelRewards } from './demo-rewards.ts';
import { panelDiaryRoutes } from './diary-routes.ts';
import { panelScheduled } from './jobs.ts';
import { panelRoutes } from './panel-routes.ts';
import { panelPublicRoutes } from './public-routes.ts';
import { panelRewardRoutes } from './reward-routes.ts';
import { panelRootRoutes } from './root-routes.ts';

export const module: DomainModule = {
  name: 'panel',
  privateRoutes: async (r, ctx) => {
    await panelRoutes(r, ctx);
    await panelRewardRoutes(r, ctx);
  },
  // The recruitment link and the member portal (signed tokens; the respondent runtime's /join and /m pages).
  publicRoutes: async (r, ctx) => {
    await panelPublicRoutes(r, ctx);
    await panelDiaryRoutes(r, ctx);
  },
  rootRoutes: panelRootRoutes,
  scheduled: panelScheduled,
  // After the audits (68) and training (73): store visits at the demo's stores, customers from the demo.
  demoSteps: [
    { order: 77, name: 'an experience panel with store-visit tasks, submissions and points', run: seedPanel },
    // After every step that awards points (and after 80): members spend what they earned.
    {
      order: 81,
      name: 'the panel’s rewards list with fulfilled, pending and cancelled redemptions',
      run: seedPanelRewards,
    },
    // After the rewards (81): a diary task on a demo survey, entries over the past days, some approved.
    { order: 82, name: 'a survey-backed daily diary task with entries from several members', run: seedPanelDiary },
  ],
};
