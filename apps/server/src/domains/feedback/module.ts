import type { DomainModule } from '../../platform/module.ts';
import { seedFeedback } from './demo.ts';
import { feedbackRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'feedback',
  privateRoutes: feedbackRoutes,
  demoSteps: [{ order: 45, name: 'feedback items (reviews, posts, call transcripts)', run: seedFeedback }],
};
