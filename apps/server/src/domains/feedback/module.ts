import type { DomainModule } from '../../platform/module.ts';
import { seedFeedback } from './demo.ts';
import { feedbackJobs } from './jobs.ts';
import { feedbackReplyRoutes } from './reply-routes.ts';
import { feedbackRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'feedback',
  privateRoutes: async (r, ctx) => {
    await feedbackRoutes(r, ctx);
    await feedbackReplyRoutes(r, ctx);
  },
  jobs: feedbackJobs,
  demoSteps: [{ order: 45, name: 'feedback items (reviews, posts, call transcripts)', run: seedFeedback }],
};
