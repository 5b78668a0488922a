import type { DomainModule } from '../../platform/module.ts';
import { sdkScriptRoutes } from './routes.ts';

// Where the built SDK lives; main and the e2e support build it there when missing.
export { sdkDist } from './routes.ts';

/**
 * The browser SDK's script, served to any web site at /sdk/v1/loopcx.js. The public write keys and the event
 * endpoint it sends to are the `sdk-keys` domain's.
 */
export const module: DomainModule = {
  name: 'sdk-script',
  rootRoutes: sdkScriptRoutes,
};
