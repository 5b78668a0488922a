import type { DomainModule } from '../../platform/module.ts';
import { seedSurveys } from './demo.ts';
import { importRoutes } from './import/routes.ts';
import { linkRoutes } from './link-routes.ts';
import { forgetSurvey } from './resolve-token.ts';
import { surveyRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'surveys',
  privateRoutes: async (r, ctx) => {
    await surveyRoutes(r, ctx);
    await linkRoutes(r, ctx);
    await importRoutes(r, ctx);
  },
  demoSteps: [{ order: 20, name: 'surveys', run: seedSurveys }],
  async init(ctx) {
    // Other nodes' survey changes arrive over the bus (LISTEN/NOTIFY on PostgreSQL).
    ctx.bus.subscribe((e) => {
      if (e.type === 'surveys.changed') forgetSurvey(e.tenantId, e.data.surveyId);
    });
  },
};
