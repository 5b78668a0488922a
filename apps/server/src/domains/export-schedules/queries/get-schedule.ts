import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { pathUnder } from '../../org/scope.ts';
import { type ExportRunRow, type ExportScheduleRow, RUN_COLUMNS, SCHEDULE_COLUMNS } from '../presenter.ts';

const FROM = sql.raw(`export_schedules e JOIN org_units o ON o.tenant_id = e.tenant_id AND o.id = e.org_unit_id`);

/** The schedules whose unit lies in the caller's subtree (a schedule's unit is its scope), newest first. */
export function listSchedules(ex: Executor, actor: Actor): Promise<ExportScheduleRow[]> {
  return rows<ExportScheduleRow>(
    ex,
    sql`SELECT ${sql.raw(SCHEDULE_COLUMNS)} FROM ${FROM}
        WHERE e.tenant_id = ${actor.tenantId} AND ${pathUnder('o', actor.orgPath)}
        ORDER BY e.created_at DESC, e.id`,
  );
}

/** One schedule in the caller's subtree; 404 for another tenant's or another branch's. */
export async function getSchedule(ex: Executor, actor: Actor, id: string): Promise<ExportScheduleRow> {
  const row = await one<ExportScheduleRow>(
    ex,
    sql`SELECT ${sql.raw(SCHEDULE_COLUMNS)} FROM ${FROM}
        WHERE e.tenant_id = ${actor.tenantId} AND e.id = ${id} AND ${pathUnder('o', actor.orgPath)}`,
  );
  if (!row) throw notFound('Export schedule');
  return row;
}

/** A schedule's runs, newest first (the caller already passed `getSchedule`). */
export function listRuns(ex: Executor, tenantId: string, scheduleId: string, limit = 100): Promise<ExportRunRow[]> {
  return rows<ExportRunRow>(
    ex,
    sql`SELECT ${sql.raw(RUN_COLUMNS)} FROM export_runs r
        WHERE r.tenant_id = ${tenantId} AND r.schedule_id = ${scheduleId} ORDER BY r.seq DESC LIMIT ${limit}`,
  );
}
