import type { TImportMapping, TImportProblem } from '@loopcx/shared';
import type { AppContext } from '../../../platform/context.ts';
import { one, sql } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import type { Job } from '../../../platform/jobs.ts';
import { writerFor } from '../../responses/writer.ts';
import { planImport, prepareRows } from '../convert.ts';
import { importProblem } from '../mapping.ts';
import { IMPORT_COLUMNS, type ImportRow } from '../presenter.ts';
import { chunkStream, readRows } from '../source.ts';
import { importSurvey } from './upload-import.ts';

/** Rows per batch: one writer submission, one rejects insert and one progress update each. */
const BATCH = 1000;

/** Rejects of one batch, idempotent (a retried batch writes the same rows again). */
export async function insertRejects(ctx: AppContext, tenantId: string, importId: string, rejects: TImportProblem[]) {
  if (!rejects.length) return;
  // One reason per (row, column): the first is kept, so a retried batch changes nothing.
  const seen = new Set<string>();
  const unique = rejects.filter((r) => {
    const k = `${r.row}:${r.column}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  await ctx.db.execute(
    sql`INSERT INTO response_import_rejects (tenant_id, import_id, row_number, col, column_name, reason, code, params)
        SELECT ${tenantId}, ${importId}, x.row, x.col, x.name, x.reason, x.code, x.params
        FROM jsonb_to_recordset(${JSON.stringify(
          unique.map((r) => ({
            row: r.row,
            col: r.column,
            name: r.columnName,
            reason: r.reason.slice(0, 500),
            code: r.code ?? null,
            params: r.params ?? null,
          })),
        )}::jsonb) AS x(row integer, col integer, name text, reason text, code text, params jsonb)
        ON CONFLICT DO NOTHING`,
  );
}

/**
 * The `responses.import` job: reads the upload from the database (any node), converts each batch of rows, writes
 * them through the response writer — the normal ingest path: scores, daily and monthly rollups, the
 * `responses.committed` job (text analysis, customer resolution; alert rules skip the `import` channel) — and
 * records rejects and counts per batch. Rows already processed by an earlier attempt are skipped on a retry; a row
 * written twice anyway is a duplicate by its idempotency key. The job's lease is renewed per batch, so a long
 * import is not claimed by a second worker.
 */
export async function runImport(ctx: AppContext, job: Job<{ importId: string }>) {
  const tenantId = job.tenantId!;
  const imp = await one<ImportRow & { scope_path: string }>(
    ctx.db,
    sql`SELECT ${sql.raw(IMPORT_COLUMNS)}, o.path AS scope_path FROM response_imports i
        JOIN org_units o ON o.tenant_id = i.tenant_id AND o.id = i.org_unit_id
        WHERE i.tenant_id = ${tenantId} AND i.id = ${job.payload.importId}`,
  );
  if (!imp || !['queued', 'running'].includes(imp.status) || !imp.mapping) return;
  const mapping = imp.mapping as TImportMapping;
  const survey = await importSurvey(ctx.db, tenantId, imp.survey_id);
  const bindings = await one<{ bindings: Record<string, unknown> | null }>(
    ctx.db,
    sql`SELECT bindings FROM survey_versions WHERE tenant_id = ${tenantId} AND id = ${survey.version_id}`,
  );
  const plan = await planImport(
    ctx,
    imp,
    mapping,
    { version_id: survey.version_id!, definition: survey.definition, bindings: bindings?.bindings },
    imp.scope_path,
  );
  await ctx.db.execute(
    sql`UPDATE response_imports SET status = 'running', started_at = coalesce(started_at, now())
        WHERE tenant_id = ${tenantId} AND id = ${imp.id}`,
  );
  const writer = writerFor(ctx);
  const firstDataRow = mapping.keyRow ? 3 : 2;
  const done = imp.processed_rows;
  let processed = imp.processed_rows;
  let lastRow = 0;
  const encoding = mapping.encoding ?? imp.encoding;
  let chunksRead = 0;
  try {
    lastRow = await readRows(
      chunkStream(ctx, tenantId, imp.id, imp.chunk_count, (n) => {
        chunksRead = n;
      }),
      { format: imp.format, encoding, batchSize: BATCH },
      async (batch) => {
        const fresh = batch.filter((r) => r.row >= firstDataRow && r.row - firstDataRow >= done);
        if (!fresh.length) return;
        const prepared = await prepareRows(ctx, plan, fresh);
        const results = prepared.items.length ? await writer.submit(prepared.items.map((p) => p.item)) : [];
        let created = 0;
        let duplicates = 0;
        const rejects = [...prepared.rejects];
        results.forEach((r, i) => {
          if ('error' in r)
            rejects.push(importProblem(prepared.items[i].row, 0, [], { code: 'row.replayed_differently' }));
          else if (r.status === 'created') created++;
          else duplicates++;
        });
        await insertRejects(ctx, tenantId, imp.id, rejects);
        processed += fresh.length;
        const rejectedRows = new Set(rejects.map((r) => r.row)).size;
        await ctx.db.execute(
          sql`UPDATE response_imports SET processed_rows = ${processed}, chunks_read = ${chunksRead}, imported_rows = imported_rows + ${created},
                duplicate_rows = duplicate_rows + ${duplicates}, rejected_rows = rejected_rows + ${rejectedRows}
              WHERE tenant_id = ${tenantId} AND id = ${imp.id}`,
        );
        await ctx.db.execute(sql`UPDATE jobs SET locked_until = now() + interval '5 minutes' WHERE id = ${job.id}`);
      },
    );
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    // The file cannot be read past some row: what came before stays imported; the reason names the row.
    await ctx.db.execute(
      sql`UPDATE response_imports SET status = 'failed', error = ${err.message}, finished_at = now()
          WHERE tenant_id = ${tenantId} AND id = ${imp.id}`,
    );
    return;
  }
  await ctx.db.execute(
    sql`UPDATE response_imports SET status = 'done', finished_at = now(),
          total_rows = ${Math.max(0, lastRow - firstDataRow + 1)}
        WHERE tenant_id = ${tenantId} AND id = ${imp.id}`,
  );
}
