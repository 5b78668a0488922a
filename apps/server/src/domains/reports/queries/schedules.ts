import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { pathUnder } from '../../org/scope.ts';
import { type ReportRunRow, type ReportScheduleRow, RUN_COLUMNS, SCHEDULE_COLUMNS } from '../presenter.ts';

const FROM = sql.raw(`report_schedules s JOIN org_units o ON o.tenant_id = s.tenant_id AND o.id = s.org_unit_id`);

/** Schedules whose unit lies in the caller's subtree (a schedule's unit is its scope), newest first. */
export function listSchedules(ex: Executor, actor: Actor): Promise<ReportScheduleRow[]> {
  return rows<ReportScheduleRow>(
    ex,
    sql`SELECT ${sql.raw(SCHEDULE_COLUMNS)} FROM ${FROM}
        WHERE s.tenant_id = ${actor.tenantId} AND ${pathUnder('o', actor.orgPath)} ORDER BY s.created_at DESC, s.id`,
  );
}

/** One schedule in the caller's subtree; 404 for another tenant's or another branch's. */
export async function getSchedule(ex: Executor, actor: Actor, id: string): Promise<ReportScheduleRow> {
  const row = await one<ReportScheduleRow>(
    ex,
    sql`SELECT ${sql.raw(SCHEDULE_COLUMNS)} FROM ${FROM}
        WHERE s.tenant_id = ${actor.tenantId} AND s.id = ${id} AND ${pathUnder('o', actor.orgPath)}`,
  );
  if (!row) throw notFound('Report schedule');
  return row;
}

/** A schedule's sent reports, newest period first (the caller already passed `getSchedule`). */
export function listRuns(ex: Executor, tenantId: string, scheduleId: string): Promise<ReportRunRow[]> {
  return rows<ReportRunRow>(
    ex,
    sql`SELECT ${sql.raw(RUN_COLUMNS)} FROM report_runs r
        WHERE r.tenant_id = ${tenantId} AND r.schedule_id = ${scheduleId} ORDER BY r.period DESC LIMIT 200`,
  );
}

/**
 * A run with its stored files, through its schedule's unit: a run id alone is not a boundary, the run is found only
 * when its schedule's unit lies in the caller's subtree (404 otherwise).
 */
export async function getRunInScope(ex: Executor, actor: Actor, runId: string) {
  const run = await one<{ id: string; period: string; files: Record<string, string>; unit_code: string }>(
    ex,
    sql`SELECT r.id, r.period, r.files, o.code AS unit_code FROM report_runs r
        JOIN report_schedules s ON s.tenant_id = r.tenant_id AND s.id = r.schedule_id
        JOIN org_units o ON o.tenant_id = s.tenant_id AND o.id = s.org_unit_id
        WHERE r.tenant_id = ${actor.tenantId} AND r.id = ${runId} AND ${pathUnder('o', actor.orgPath)}`,
  );
  if (!run) throw notFound('Report');
  return run;
}
