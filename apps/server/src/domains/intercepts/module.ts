import type { DomainModule } from '../../platform/module.ts';
import { seedIntercepts, settleFeaturedTickets } from './demo.ts';
import { interceptPublicRoutes } from './public-routes.ts';
import { interceptRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'intercepts',
  privateRoutes: interceptRoutes,
  rootRoutes: interceptPublicRoutes,
  demoSteps: [
    {
      order: 37,
      name: 'an intercept on three failed payments, with a week of shows and answers',
      run: seedIntercepts,
    },
    {
      order: 80,
      name: 'the featured member’s open tickets resolved, so the SDK demo page’s intercept shows',
      run: settleFeaturedTickets,
    },
  ],
};
