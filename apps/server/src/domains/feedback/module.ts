import type { DomainModule } from '../../platform/module.ts';
import { seedFeedback } from './demo.ts';
import { feedbackReplyRoutes } from './reply-routes.ts';
import { feedbackRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'feedback',
  privateRoutes: async (r, ctx) => {
    await feedbackRoutes(r, ctx);
    await feedbackReplyRoutes(r, ctx);
  },
  demoSteps: [{ order: 45, name: 'feedback items (reviews, posts, call transcripts)', run: seedFeedback }],
};
