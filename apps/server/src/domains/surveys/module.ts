import type { DomainModule } from '../../platform/module.ts';
import { linkRoutes } from './links.ts';
import { surveyRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'surveys',
  privateRoutes: async (r, ctx) => {
    await surveyRoutes(r, ctx);
    await linkRoutes(r, ctx);
  },
};
