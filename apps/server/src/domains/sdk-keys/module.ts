import type { DomainModule } from '../../platform/module.ts';
import { seedSdkKeys } from './demo.ts';
import { sdkFeedbackRoutes } from './feedback-routes.ts';
import { sdkPublicRoutes } from './public-routes.ts';
import { sdkKeyRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'sdk-keys',
  privateRoutes: sdkKeyRoutes,
  rootRoutes: async (r, ctx) => {
    await sdkPublicRoutes(r, ctx);
    await sdkFeedbackRoutes(r, ctx);
  },
  demoSteps: [
    { order: 36, name: 'an SDK key for the web site, with a week of page views and failed payments', run: seedSdkKeys },
  ],
};
