import type { DomainModule } from '../../platform/module.ts';
import { respondentPublicRoutes, respondentRootRoutes } from './routes.ts';

// Where the built respondent page lives; main, the e2e support and the bench read it from here.
export { surveyDist } from './routes.ts';

/** The respondent side of survey links: what the page needs (public API) and the page itself (root). */
export const module: DomainModule = {
  name: 'respondent',
  publicRoutes: respondentPublicRoutes,
  rootRoutes: respondentRootRoutes,
};
