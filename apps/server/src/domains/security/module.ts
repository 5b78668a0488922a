import type { DomainModule } from '../../platform/module.ts';
import { seedFrameAncestors } from './demo.ts';
import { securityRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'security',
  privateRoutes: securityRoutes,
  demoSteps: [{ order: 15, name: 'sites allowed to frame the survey page', run: seedFrameAncestors }],
};
