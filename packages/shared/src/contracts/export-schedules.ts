import { z } from 'zod';

/** Response contracts of the export-schedules routes (scheduled exports to the data platform, issue 18). */

export const EXPORT_DATASETS = ['responses', 'events', 'tickets', 'feedback', 'metrics'] as const;
export const EXPORT_FORMATS = ['ndjson', 'csv', 'parquet'] as const;
export const EXPORT_EVERY = ['hour', 'day'] as const;
export const EXPORT_RUN_STATUSES = ['running', 'failed', 'succeeded'] as const;

/** Where a schedule's files go: a folder under the operator's LOOPCX_EXPORT_DIR, or an HTTPS endpoint. */
export const ZExportDestinationView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('directory'), path: z.string() }),
  z.object({ kind: z.literal('https'), url: z.string() }),
]);
export type TExportDestination = z.infer<typeof ZExportDestinationView>;

/** One run of a schedule: one data file and its manifest. */
export const ZExportRunResponse = z.object({
  id: z.string(),
  seq: z.number().int(),
  trigger: z.enum(['schedule', 'manual']),
  status: z.enum(EXPORT_RUN_STATUSES),
  fileName: z.string(),
  rows: z.number().int(),
  bytes: z.number().int(),
  /** sha256 of the data file (hex), also in its manifest. */
  sha256: z.string().nullable(),
  attempts: z.number().int(),
  /** Why the last attempt failed (a failed run is retried over the same rows at the next tick). */
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
});
export type TExportRunResponse = z.infer<typeof ZExportRunResponse>;

/** A schedule as listed: never its signing secret. */
export const ZExportScheduleResponse = z.object({
  id: z.string(),
  name: z.string(),
  dataset: z.enum(EXPORT_DATASETS),
  format: z.enum(EXPORT_FORMATS),
  every: z.enum(EXPORT_EVERY),
  destination: ZExportDestinationView,
  orgUnitId: z.string(),
  enabled: z.boolean(),
  nextRunAt: z.string(),
  lastRun: ZExportRunResponse.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TExportScheduleResponse = z.infer<typeof ZExportScheduleResponse>;

/** GET /export-schedules. */
export const ZExportScheduleListResponse = z.object({ items: z.array(ZExportScheduleResponse) });
export type TExportScheduleListResponse = z.infer<typeof ZExportScheduleListResponse>;

/** POST /export-schedules: the only answer holding the upload-signing secret (`whsec_…`). */
export const ZExportScheduleWithSecretResponse = ZExportScheduleResponse.extend({ secret: z.string() });
export type TExportScheduleWithSecretResponse = z.infer<typeof ZExportScheduleWithSecretResponse>;

/** GET /export-schedules/:id/runs: newest first. */
export const ZExportRunListResponse = z.object({ items: z.array(ZExportRunResponse) });
export type TExportRunListResponse = z.infer<typeof ZExportRunListResponse>;
