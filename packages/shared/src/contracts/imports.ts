import { z } from 'zod';

/**
 * What a column of an import file becomes: an answer (`q:<question>` or `q:<question>.<row or item>`), the
 * response's time, its unit code, its customer (member id), an id that makes the row idempotent across files, or
 * nothing. Checked against the file and the survey when the mapping is set (422 naming the column).
 */
export const ZImportTarget = z.string().max(420);
export type TImportTarget = z.infer<typeof ZImportTarget>;

/** `POST /surveys/:id/response-imports/:importId/mapping` body. */
export const ZImportMapping = z
  .object({
    /** One target per column, in file order. */
    columns: z.array(ZImportTarget).min(1).max(2000),
    /** The unit of rows without a unit-code column (or with an empty cell). */
    defaultOrgUnitId: z.uuid().nullable().optional(),
    /** How to read the bytes of a CSV (detected at upload). */
    encoding: z.enum(['utf-8', 'utf-8-bom', 'gb18030']).optional(),
    /** Whether the second row holds question keys (the on-demand export's default layout). */
    keyRow: z.boolean().optional(),
  })
  .strict();
export type TImportMapping = z.infer<typeof ZImportMapping>;

/** One problem of a row: 1-based row (as a spreadsheet numbers it) and column (0: the whole row). */
export const ZImportProblem = z.object({
  row: z.number(),
  column: z.number(),
  columnName: z.string().nullable(),
  /** In English; `code` and `params` say it in other languages (`reasonText` in packages/shared/src/reasons.ts). */
  reason: z.string(),
  code: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type TImportProblem = z.infer<typeof ZImportProblem>;

/** An import as the API answers it. */
export const ZResponseImport = z.object({
  id: z.string(),
  surveyId: z.string(),
  fileName: z.string(),
  format: z.string(),
  encoding: z.string().nullable(),
  sizeBytes: z.number(),
  status: z.string(),
  headers: z.array(z.string()),
  keyRow: z.boolean(),
  mapping: ZImportMapping.nullable(),
  /** `processed / total` in percent once the job knows the total, else bytes read in percent. */
  progress: z.number(),
  totalRows: z.number().nullable(),
  processedRows: z.number(),
  importedRows: z.number(),
  duplicateRows: z.number(),
  rejectedRows: z.number(),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type TResponseImport = z.infer<typeof ZResponseImport>;

/** `GET /surveys/:id/response-imports`. */
export const ZResponseImportList = z.object({ items: z.array(ZResponseImport) });
export type TResponseImportList = z.infer<typeof ZResponseImportList>;

/** The first rows as they would be imported, each with its problems. */
export const ZImportPreview = z.object({
  import: ZResponseImport,
  /** The question keys and titles a column may map to (zh-CN and en). */
  questions: z.array(z.object({ target: z.string(), titleZh: z.string(), titleEn: z.string() })),
  rows: z.array(
    z.object({
      row: z.number(),
      cells: z.array(z.string()),
      answers: z.record(z.string(), z.unknown()).nullable(),
      submittedAt: z.string().nullable(),
      problems: z.array(ZImportProblem),
    }),
  ),
});
export type TImportPreview = z.infer<typeof ZImportPreview>;
