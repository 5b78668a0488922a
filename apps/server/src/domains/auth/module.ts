import type { DomainModule } from '../../platform/module.ts';
import { LoginLimiter } from './login-limiter.ts';
import { authPublicRoutes, meRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'auth',
  publicRoutes: authPublicRoutes,
  privateRoutes: meRoutes,
  scheduled: [
    {
      name: 'auth.prune-throttle',
      everyMs: 3600_000,
      run: (ctx) => new LoginLimiter(ctx.db, () => ctx.clock.now().getTime()).prune(),
    },
  ],
};
