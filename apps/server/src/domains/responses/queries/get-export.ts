import { type Executor, one, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';

/** An export as its owner sees it. */
export interface ExportRow {
  id: string;
  format: string;
  status: string;
  total: number | null;
  rows_written: number;
  file: string | null;
  error: string | null;
  created_at: Date;
}

/** An export of the tenant made by this user (anyone else's, even in the tenant, is a 404: it holds their filters). */
export async function getExport(ex: Executor, tenantId: string, userId: string, id: string): Promise<ExportRow> {
  const e = await one<ExportRow>(
    ex,
    sql`SELECT id, format, status, total, rows_written, file, error, created_at FROM exports WHERE tenant_id = ${tenantId} AND id = ${id} AND created_by = ${userId}`,
  );
  if (!e) throw notFound('Export');
  return e;
}
