import type { AppContext } from './context.ts';
import type { JobHandler, ScheduledTask } from './jobs.ts';
import type { Router } from './routing.ts';

/** Route registration for one domain, given the zod-typed router under /api/v1. */
export type RouteModule = (r: Router, ctx: AppContext) => Promise<void>;

/**
 * What a domain plugs into the spine. Each `domains/<name>/module.ts` exports `module: DomainModule`; the
 * server discovers them at start, so adding a capability never edits a shared list.
 */
export interface DomainModule {
  name: string;
  /** Routes under /api/v1 that need a session or API key (401 otherwise). */
  privateRoutes?: RouteModule;
  /** Routes under /api/v1 that authenticate by other means (survey tokens) or not at all. */
  publicRoutes?: RouteModule;
  /** Routes at the server root (e.g. the respondent page /s/:token). */
  rootRoutes?: RouteModule;
  /** Job handlers by kind (see platform/jobs.ts). */
  jobs?: Record<string, JobHandler>;
  /** Periodic tasks run by worker nodes. */
  scheduled?: ScheduledTask[];
  /** Demo tenant steps; run in ascending `order` after the base tenant exists; each must be idempotent. */
  demoSteps?: Array<{
    order: number;
    name: string;
    run: (ctx: AppContext, demo: import('../seed/demo.ts').DemoTenant) => Promise<void>;
  }>;
  /** Called once per process after the database is ready (warm caches, load models). */
  init?: (ctx: AppContext) => Promise<void>;
}
