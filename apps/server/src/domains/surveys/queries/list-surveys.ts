import type { TSurveyStatus } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { likeContains } from '../../org/scope.ts';
import { SURVEY_SELECT, type SurveyRow } from '../presenter.ts';

/** Filters of the survey list. */
export interface ListSurveysOptions {
  status?: TSurveyStatus;
  touchpointId?: string;
  q?: string;
  includeArchived?: 'true' | 'false';
}

/** The tenant's surveys, last changed first (surveys are tenant-wide: the tenant is the boundary). */
export async function listSurveys(ex: Executor, actor: Pick<Actor, 'tenantId'>, opts: ListSurveysOptions) {
  const f = [sql`s.tenant_id = ${actor.tenantId}`];
  if (opts.status) f.push(sql`s.status = ${opts.status}`);
  else if (opts.includeArchived !== 'true') f.push(sql`s.status <> 'archived'`);
  if (opts.touchpointId) f.push(sql`s.touchpoint_id = ${opts.touchpointId}`);
  if (opts.q) f.push(sql`s.name ILIKE ${likeContains(opts.q)}`);
  return rows<SurveyRow>(
    ex,
    sql`SELECT ${sql.raw(SURVEY_SELECT)} FROM surveys s WHERE ${sql.join(f, sql` AND `)} ORDER BY s.updated_at DESC LIMIT 500`,
  );
}
