import type { DomainModule } from '../../platform/module.ts';
import { seedTargets } from './demo.ts';
import { targetAttention } from './queries/attention.ts';
import { targetRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'targets',
  privateRoutes: targetRoutes,
  // The home page's card: targets at risk in the caller's scope this month.
  attention: { 'targets.at_risk': targetAttention },
  demoSteps: [{ order: 90, name: 'metric targets (HQ, with regional and store overrides)', run: seedTargets }],
};
