import { type Executor, one, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { presentRun, type RunRow } from '../presenter.ts';

const COLUMNS = sql`id, kind, status, taxonomy_version, total, done, started_at, finished_at`;

/** One run of the tenant; another tenant's run id is a 404 like a missing one. */
export async function getRun(ex: Executor, tenantId: string, id: string) {
  const run = await one<RunRow>(ex, sql`SELECT ${COLUMNS} FROM text_runs WHERE tenant_id = ${tenantId} AND id = ${id}`);
  if (!run) throw notFound('Run');
  return presentRun(run);
}

/** The tenant's most recent run of a kind, or null when there was none. */
export async function latestRun(ex: Executor, tenantId: string, kind: 'reanalysis' | 'discovery') {
  const run = await one<RunRow>(
    ex,
    sql`SELECT ${COLUMNS} FROM text_runs WHERE tenant_id = ${tenantId} AND kind = ${kind} ORDER BY started_at DESC, id LIMIT 1`,
  );
  return run ? presentRun(run) : null;
}
