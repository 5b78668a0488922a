import type { DomainModule } from '../../platform/module.ts';
import { seedTargets } from './demo.ts';
import { targetRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'targets',
  privateRoutes: targetRoutes,
  demoSteps: [{ order: 90, name: 'metric targets (HQ, with regional and store overrides)', run: seedTargets }],
};
