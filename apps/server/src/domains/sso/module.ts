import type { DomainModule } from '../../platform/module.ts';
import { seedSso } from './demo.ts';
import { ssoLoginRoutes } from './login-routes.ts';
import { ssoConfigRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'sso',
  publicRoutes: ssoLoginRoutes,
  privateRoutes: ssoConfigRoutes,
  demoSteps: [{ order: 94, name: 'single sign-on provider (prepared, off)', run: seedSso }],
};
