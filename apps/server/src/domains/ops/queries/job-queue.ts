import type { AppContext } from '../../../platform/context.ts';
import { rows, sql } from '../../../platform/db.ts';

export type JobQueueState = 'due' | 'running' | 'scheduled' | 'dead';
export type JobQueueRow = { kind: string; state: JobQueueState; n: number };

/**
 * The job queue by kind and state, across tenants (counts only: no tenant data): `due` waits for a worker,
 * `running` is leased, `scheduled` waits for its time (a retry's backoff, a delayed job), `dead` gave up.
 * Done jobs are deleted, so the table holds only these; `jobs_due_idx` covers the live ones.
 */
export async function jobQueue(ctx: AppContext): Promise<JobQueueRow[]> {
  return rows<JobQueueRow>(
    ctx.db,
    sql`SELECT kind, state, count(*)::int AS n FROM (
          SELECT kind,
                 CASE WHEN dead_at IS NOT NULL THEN 'dead'
                      WHEN locked_until > now() THEN 'running'
                      WHEN run_at > now() THEN 'scheduled'
                      ELSE 'due' END AS state
          FROM jobs) j
        GROUP BY kind, state ORDER BY kind, state`,
  );
}
