import type { DomainModule } from '../../platform/module.ts';
import { streamRoutes } from './routes.ts';

/** Live updates for open consoles (Server-Sent Events). */
export const module: DomainModule = { name: 'stream', privateRoutes: streamRoutes };
