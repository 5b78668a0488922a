import type { DomainModule } from '../../platform/module.ts';
import { seedSdkKeys } from './demo.ts';
import { seedInAppFeedback } from './demo-feedback.ts';
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
    // After text analysis (65) and the connectors' feedback rules (66): the complaints are analysed here at once.
    { order: 67, name: 'the web site’s 吐槽 button, its ticket rule and a week of complaints', run: seedInAppFeedback },
  ],
};
