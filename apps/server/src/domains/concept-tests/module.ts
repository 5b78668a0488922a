import type { DomainModule } from '../../platform/module.ts';
import { decisionRoutes } from './decision-routes.ts';
import { linkDemoConceptProducts, seedConceptTests } from './demo.ts';
import { conceptTestRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'concept-tests',
  privateRoutes: async (r, ctx) => {
    await conceptTestRoutes(r, ctx);
    await decisionRoutes(r, ctx);
  },
  // After text analytics (65): the demo's test comments are analysed by the step itself, with the installed pack.
  demoSteps: [
    {
      order: 74,
      name: 'concept tests: a vetoed and a launched new dish, a SUS test of mini-program ordering',
      run: seedConceptTests,
    },
    // After the catalogue (76): the salad-bowl test names its product at stage test.
    { order: 79, name: 'the salad-bowl concept test names its catalogue product', run: linkDemoConceptProducts },
  ],
};
