import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { SURVEY_SELECT, type SurveyRow } from '../presenter.ts';

/** Surveys are tenant-wide: the tenant is the boundary (another tenant's id is 404). */
export async function getSurvey(
  ex: Executor,
  actor: Pick<Actor, 'tenantId'>,
  id: string,
  opts: { forUpdate?: boolean } = {},
) {
  const s = await one<SurveyRow>(
    ex,
    sql`SELECT ${sql.raw(SURVEY_SELECT)} FROM surveys s WHERE s.tenant_id = ${actor.tenantId} AND s.id = ${id} ${opts.forUpdate ? sql`FOR UPDATE` : sql``}`,
  );
  if (!s) throw notFound('Survey');
  return s;
}
