import type { DomainModule } from '../../platform/module.ts';
import { evaluateAllTenants } from './commands/evaluate-reviews.ts';
import { queueProductLinks } from './commands/queue-links.ts';
import { seedProducts } from './demo.ts';
import { productJobs } from './jobs.ts';
import { productRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'products',
  privateRoutes: productRoutes,
  jobs: productJobs,
  // Order and return events naming products become links and holdings (a job written with the events).
  eventWriteListeners: { products: queueProductLinks },
  // Hourly; each product is judged once per closed month (product_review_runs), so the first tick after a month
  // closes does the work and the others find nothing due.
  scheduled: [{ name: 'products.review-rules', everyMs: 3600_000, run: evaluateAllTenants }],
  // After the orders (events), text analytics, tickets and the customers' profiles exist.
  demoSteps: [
    { order: 76, name: 'products: the chain’s menu lines, their holders, scorecards and a review', run: seedProducts },
  ],
};
