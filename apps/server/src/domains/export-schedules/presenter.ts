import type { TExportDestination, TExportRunResponse, TExportScheduleResponse } from '@loopcx/shared';

/** An `export_runs` row as the queries select it. */
export interface ExportRunRow {
  id: string;
  seq: number;
  trigger: 'schedule' | 'manual';
  status: 'running' | 'failed' | 'succeeded';
  file_name: string;
  rows: number | string;
  bytes: number | string;
  sha256: string | null;
  attempts: number;
  error: string | null;
  started_at: Date | string;
  finished_at: Date | string | null;
}

/** An `export_schedules` row as the queries select it (never its secret), with its latest run as JSON. */
export interface ExportScheduleRow {
  id: string;
  name: string;
  dataset: TExportScheduleResponse['dataset'];
  format: TExportScheduleResponse['format'];
  every: TExportScheduleResponse['every'];
  destination: TExportDestination;
  org_unit_id: string;
  enabled: boolean;
  next_run_at: Date | string;
  created_at: Date | string;
  updated_at: Date | string;
  last_run: ExportRunRow | null;
}

/** The columns every schedule query selects, with `e` the `export_schedules` alias. */
export const SCHEDULE_COLUMNS = `e.id, e.name, e.dataset, e.format, e.every, e.destination, e.org_unit_id, e.enabled,
  e.next_run_at, e.created_at, e.updated_at,
  (SELECT to_jsonb(x) FROM (SELECT r.id, r.seq, r.trigger, r.status, r.file_name, r.rows, r.bytes, r.sha256, r.attempts,
     r.error, r.started_at, r.finished_at FROM export_runs r
     WHERE r.tenant_id = e.tenant_id AND r.schedule_id = e.id ORDER BY r.seq DESC LIMIT 1) x) AS last_run`;

/** The columns of a run, with `r` the `export_runs` alias. */
export const RUN_COLUMNS = `r.id, r.seq, r.trigger, r.status, r.file_name, r.rows, r.bytes, r.sha256, r.attempts,
  r.error, r.started_at, r.finished_at`;

const iso = (d: Date | string) => new Date(d).toISOString();

/** A run as the API answers it. */
export function presentRun(r: ExportRunRow): TExportRunResponse {
  return {
    id: r.id,
    seq: r.seq,
    trigger: r.trigger,
    status: r.status,
    fileName: r.file_name,
    rows: Number(r.rows),
    bytes: Number(r.bytes),
    sha256: r.sha256,
    attempts: r.attempts,
    error: r.error,
    startedAt: iso(r.started_at),
    finishedAt: r.finished_at ? iso(r.finished_at) : null,
    durationMs: r.finished_at ? new Date(r.finished_at).getTime() - new Date(r.started_at).getTime() : null,
  };
}

/** A schedule as the API answers it. */
export function presentSchedule(s: ExportScheduleRow): TExportScheduleResponse {
  return {
    id: s.id,
    name: s.name,
    dataset: s.dataset,
    format: s.format,
    every: s.every,
    destination: s.destination,
    orgUnitId: s.org_unit_id,
    enabled: s.enabled,
    nextRunAt: iso(s.next_run_at),
    lastRun: s.last_run ? presentRun(s.last_run) : null,
    createdAt: iso(s.created_at),
    updatedAt: iso(s.updated_at),
  };
}
