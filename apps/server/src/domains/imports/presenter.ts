import type { TImportMapping, TResponseImport } from '@loopcx/shared';

/** A `response_imports` row as the queries select it (never the chunks). */
export interface ImportRow {
  id: string;
  tenant_id: string;
  survey_id: string;
  org_unit_id: string;
  created_by: string | null;
  file_name: string;
  format: 'csv' | 'xlsx';
  encoding: 'utf-8' | 'utf-8-bom' | 'gb18030' | null;
  size_bytes: number | string;
  chunk_count: number;
  chunks_read: number;
  sha256: string | null;
  headers: string[];
  key_row: boolean;
  sample: unknown[][];
  mapping: TImportMapping | null;
  status: string;
  total_rows: number | null;
  processed_rows: number;
  imported_rows: number;
  duplicate_rows: number;
  rejected_rows: number;
  error: string | null;
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
}

export const IMPORT_COLUMNS =
  'i.id, i.tenant_id, i.survey_id, i.org_unit_id, i.created_by, i.file_name, i.format, i.encoding, i.size_bytes, i.chunk_count, i.chunks_read, i.sha256, i.headers, i.key_row, i.sample, i.mapping, i.status, i.total_rows, i.processed_rows, i.imported_rows, i.duplicate_rows, i.rejected_rows, i.error, i.created_at, i.started_at, i.finished_at';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** Percent done: the share of the file read (rows are counted as they go; a finished import is 100). */
function progressOf(r: ImportRow): number {
  if (r.status === 'done') return 100;
  if (r.status !== 'running' || !r.chunk_count) return 0;
  return Math.min(99, Math.floor((r.chunks_read / r.chunk_count) * 100));
}

/** An import as the API answers it. */
export const presentImport = (r: ImportRow): TResponseImport => ({
  id: r.id,
  surveyId: r.survey_id,
  fileName: r.file_name,
  format: r.format,
  encoding: r.encoding,
  sizeBytes: Number(r.size_bytes),
  status: r.status,
  headers: r.headers ?? [],
  keyRow: r.key_row,
  mapping: r.mapping,
  progress: progressOf(r),
  totalRows: r.total_rows,
  processedRows: r.processed_rows,
  importedRows: r.imported_rows,
  duplicateRows: r.duplicate_rows,
  rejectedRows: r.rejected_rows,
  error: r.error,
  createdAt: new Date(r.created_at).toISOString(),
  startedAt: iso(r.started_at),
  finishedAt: iso(r.finished_at),
});
