import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import type { InterceptRow } from '../presenter.ts';

/**
 * The columns of an intercept with its survey and what it did in the last 30 days: the invitations it created
 * (shows) and those answered. The counts read the intercept's own invitations by index (tenant, intercept, …).
 */
const select = (tenantId: string, since: Date) => sql`
  SELECT i.id, i.name, i.survey_id, s.name AS survey_name, s.status AS survey_status, i.enabled, i.key_ids, i.display,
    i.selector, i.conditions, i.delay_ms, i.sample_percent, i.once_per_days, i.created_at, i.updated_at,
    coalesce(st.shows, 0) AS shows_30d, coalesce(st.answers, 0) AS answers_30d
  FROM sdk_intercepts i
  JOIN surveys s ON s.tenant_id = i.tenant_id AND s.id = i.survey_id
  LEFT JOIN LATERAL (
    SELECT count(*) AS shows, count(*) FILTER (WHERE v.responded_at IS NOT NULL) AS answers
    FROM invitations v
    WHERE v.tenant_id = i.tenant_id AND v.intercept_id = i.id AND v.created_at > ${since.toISOString()}::timestamptz
  ) st ON true
  WHERE i.tenant_id = ${tenantId}`;

const since = (now: Date) => new Date(now.getTime() - 30 * 86_400_000);

/** The tenant's intercepts, newest first (intercepts are tenant-wide, like Reach triggers). */
export function listIntercepts(ex: Executor, actor: Actor, now: Date): Promise<InterceptRow[]> {
  return rows<InterceptRow>(ex, sql`${select(actor.tenantId, since(now))} ORDER BY i.created_at DESC, i.id`);
}

/** One intercept of the caller's tenant (404 for another tenant's or an unknown id). */
export async function getIntercept(ex: Executor, actor: Actor, id: string, now: Date): Promise<InterceptRow> {
  const row = await one<InterceptRow>(ex, sql`${select(actor.tenantId, since(now))} AND i.id = ${id}`);
  if (!row) throw notFound('Intercept');
  return row;
}
