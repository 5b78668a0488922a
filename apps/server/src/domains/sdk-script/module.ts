import type { AppContext } from '../../platform/context.ts';
import type { DomainModule } from '../../platform/module.ts';
import type { Router } from '../../platform/routing.ts';
import { sdkDemoRoutes } from './demo-page.ts';
import { sdkScriptRoutes } from './routes.ts';

// Where the built SDK lives; main and the e2e support build it there when missing.
export { sdkDist } from './routes.ts';

/**
 * The browser SDK's script, served to any web site at /sdk/v1/loopcx.js, and the demo shop that uses it (/sdk/demo).
 * The public write keys and the endpoints it sends to are the `sdk-keys` domain's.
 */
export const module: DomainModule = {
  name: 'sdk-script',
  rootRoutes: async (r: Router, ctx: AppContext) => {
    await sdkScriptRoutes(r);
    await sdkDemoRoutes(r, ctx);
  },
};
