import type { DomainModule } from '../../platform/module.ts';
import { pruneRateLimits } from '../../platform/rate-limit.ts';
import { analyzeAll, vacuumChurningTables } from './maintenance.ts';

/** Operations: health, readiness and metrics routes are mounted by app.ts; this module carries the housekeeping. */
export const module: DomainModule = {
  name: 'ops',
  scheduled: [
    { name: 'pglite.vacuum', everyMs: 5 * 60_000, run: async (ctx) => void (await vacuumChurningTables(ctx)) },
    { name: 'ops.prune-rate-limits', everyMs: 3600_000, run: (ctx) => pruneRateLimits(ctx.db) },
    { name: 'pglite.analyze', everyMs: 6 * 3600_000, run: async (ctx) => void (await analyzeAll(ctx)) },
  ],
};
