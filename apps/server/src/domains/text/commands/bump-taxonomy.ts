import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../platform/clock.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { enqueue } from '../../../platform/jobs.ts';
import { textReanalyzeJob } from '../jobs.ts';

/**
 * Records a taxonomy change: increments the tenant's taxonomy version and starts a reanalysis run over the
 * history (earlier runs are superseded). Call in the transaction that changed the topics, so the run exists
 * exactly when the change committed. Returns the new version and run id.
 */
export async function bumpTaxonomy(
  tx: Executor,
  clock: Clock,
  tenantId: string,
  userId: string | null,
  opts: { pack?: string } = {},
) {
  const now = clock.now().toISOString();
  const row = await one<{ version: number }>(
    tx,
    sql`INSERT INTO text_taxonomies (tenant_id, version, pack, updated_by, updated_at) VALUES (${tenantId}, 1, ${opts.pack ?? null}, ${userId}, ${now})
        ON CONFLICT (tenant_id) DO UPDATE SET version = text_taxonomies.version + 1, pack = coalesce(excluded.pack, text_taxonomies.pack),
          updated_by = excluded.updated_by, updated_at = excluded.updated_at
        RETURNING version`,
  );
  const version = row!.version;
  await tx.execute(
    sql`UPDATE text_runs SET status = 'superseded', finished_at = ${now} WHERE tenant_id = ${tenantId} AND kind = 'reanalysis' AND status = 'running'`,
  );
  const runId = randomUUID();
  const total = await one<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM text_analyses WHERE tenant_id = ${tenantId} AND NOT (corrected AND triage_corrected)`,
  );
  await tx.execute(
    sql`INSERT INTO text_runs (tenant_id, id, kind, status, taxonomy_version, total, done, result, started_at)
        VALUES (${tenantId}, ${runId}, 'reanalysis', 'running', ${version}, ${total?.n ?? 0}, 0, '{}'::jsonb, ${now})`,
  );
  await enqueue(tx, textReanalyzeJob, [{ runId }], { tenantId });
  return { version, runId };
}
