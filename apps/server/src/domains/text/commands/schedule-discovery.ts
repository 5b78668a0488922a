import type { AppContext } from '../../../platform/context.ts';
import { rows, sql } from '../../../platform/db.ts';
import { wakeWorkers } from '../../../platform/jobs.ts';
import { startDiscovery } from './decide-discovery.ts';

/**
 * Hourly check: every tenant with a taxonomy whose last discovery run started more than a day ago (or never) gets
 * a new run. The run row is written with its job, so two workers checking at once start at most a few extra runs.
 */
export async function scheduleDailyDiscovery(ctx: AppContext) {
  const due = await rows<{ tenant_id: string }>(
    ctx.db,
    sql`SELECT t.tenant_id FROM text_taxonomies t
        WHERE NOT EXISTS (SELECT 1 FROM text_runs r WHERE r.tenant_id = t.tenant_id AND r.kind = 'discovery'
                          AND r.started_at > ${new Date(ctx.clock.now().getTime() - 86400_000).toISOString()}::timestamptz)
        LIMIT 100`,
  );
  for (const t of due) await ctx.db.transaction((tx) => startDiscovery(tx, ctx.clock, t.tenant_id));
  if (due.length) wakeWorkers(ctx);
}
