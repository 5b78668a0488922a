import type { DomainModule } from '../../platform/module.ts';
import { seedJourneys } from './demo.ts';
import { extendDemoJourneys, linkDemoSurveys } from './demo-extend.ts';
import { journeyRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'journeys',
  privateRoutes: journeyRoutes,
  demoSteps: [
    { order: 10, name: 'journeys and touchpoints', run: seedJourneys },
    { order: 12, name: 'journey owners, RACI, targets and links', run: extendDemoJourneys },
    { order: 70, name: 'journey survey links', run: linkDemoSurveys },
  ],
};
