import type { DomainModule } from '../../platform/module.ts';
import { assignmentRoutes } from './assignment-routes.ts';
import { trainingJobs } from './jobs.ts';
import { quizRoutes } from './quiz-routes.ts';

export const module: DomainModule = {
  name: 'training',
  privateRoutes: async (r, ctx) => {
    await quizRoutes(r, ctx);
    await assignmentRoutes(r, ctx);
  },
  jobs: trainingJobs,
};
