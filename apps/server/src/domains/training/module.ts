import type { DomainModule } from '../../platform/module.ts';
import { assignmentRoutes } from './assignment-routes.ts';
import { seedTraining } from './demo.ts';
import { trainingJobs } from './jobs.ts';
import { quizRoutes } from './quiz-routes.ts';

export const module: DomainModule = {
  name: 'training',
  privateRoutes: async (r, ctx) => {
    await quizRoutes(r, ctx);
    await assignmentRoutes(r, ctx);
  },
  jobs: trainingJobs,
  // After the audits (68), the loop (71) and calibration (72): every submitted audit's failures assign training.
  demoSteps: [
    { order: 73, name: 'training quizzes assigned from the audits’ failures, with attempts', run: seedTraining },
  ],
};
