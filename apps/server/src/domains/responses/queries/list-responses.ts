import type { TResponseRecord } from '@loopcx/shared';
import type { SQL } from 'drizzle-orm';
import { type Actor, atTenantRoot } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { likeContains, requireUnitInScope, unitIdsUnder } from '../../org/scope.ts';

export interface ResponseFilters {
  surveyId?: string;
  orgUnitId?: string;
  touchpointId?: string;
  from?: string;
  to?: string;
  scoreKey?: string;
  minScore?: number;
  maxScore?: number;
  q?: string;
  customerRef?: string;
}

/**
 * The WHERE clause for responses the caller may see. A response id alone is not a boundary: the filter always
 * carries the tenant and keeps only responses whose unit lies in the caller's subtree (unit-less responses,
 * e.g. from an anonymous link, are visible to callers scoped at the tenant root only).
 */
export async function responseScope(ex: Executor, actor: Actor, f: ResponseFilters): Promise<SQL> {
  let path = actor.orgPath;
  if (f.orgUnitId) {
    path = (await requireUnitInScope(ex, actor, f.orgUnitId)).path;
  }
  const atRoot = atTenantRoot(actor) && !f.orgUnitId;
  const parts: SQL[] = [
    sql`r.tenant_id = ${actor.tenantId}`,
    atRoot
      ? sql`(r.org_unit_id IS NULL OR r.org_unit_id IN (${unitIdsUnder(actor.tenantId, path)}))`
      : sql`r.org_unit_id IN (${unitIdsUnder(actor.tenantId, path)})`,
  ];
  if (f.surveyId) parts.push(sql`r.survey_id = ${f.surveyId}`);
  if (f.touchpointId) parts.push(sql`r.touchpoint_id = ${f.touchpointId}`);
  if (f.from) parts.push(sql`r.submitted_at >= ${f.from}`);
  if (f.to) parts.push(sql`r.submitted_at < ${f.to}`);
  if (f.scoreKey) {
    if (!/^(nps|csat|ces|rating:[\w-]+)$/.test(f.scoreKey))
      throw invalid('scoreKey', 'nps, csat, ces or rating:<question>');
    if (f.minScore !== undefined) parts.push(sql`(r.scores->>${f.scoreKey})::float8 >= ${f.minScore}`);
    if (f.maxScore !== undefined) parts.push(sql`(r.scores->>${f.scoreKey})::float8 <= ${f.maxScore}`);
    if (f.minScore === undefined && f.maxScore === undefined) parts.push(sql`r.scores ? ${f.scoreKey}`);
  }
  if (f.customerRef) parts.push(sql`r.customer_ref = ${f.customerRef}`);
  if (f.q) parts.push(sql`r.answers::text ILIKE ${likeContains(f.q)}`);
  return sql.join(parts, sql` AND `);
}

export interface ResponseRow {
  id: string;
  survey_id: string;
  survey_name: string;
  org_unit_id: string | null;
  unit_code: string | null;
  unit_name: string | null;
  touchpoint_id: string | null;
  touchpoint_name: string | null;
  customer_ref: string | null;
  channel: string;
  locale: string | null;
  answers: Record<string, unknown>;
  scores: Record<string, number>;
  context: Record<string, unknown> | null;
  submitted_at: Date | string;
}

export const RESPONSE_SELECT = sql`SELECT r.id, r.survey_id, s.name AS survey_name, r.org_unit_id, o.code AS unit_code, o.name AS unit_name,
  r.touchpoint_id, tp.name AS touchpoint_name, r.customer_ref, r.channel, r.locale, r.answers, r.scores, r.context, r.submitted_at
  FROM responses r
  JOIN surveys s ON s.tenant_id = r.tenant_id AND s.id = r.survey_id
  LEFT JOIN org_units o ON o.tenant_id = r.tenant_id AND o.id = r.org_unit_id
  LEFT JOIN touchpoints tp ON tp.tenant_id = r.tenant_id AND tp.id = r.touchpoint_id`;

/** A response as the API answers it (`ZResponseRecord`). */
export const presentResponse = (r: ResponseRow): TResponseRecord => ({
  id: r.id,
  surveyId: r.survey_id,
  surveyName: r.survey_name,
  orgUnit: r.org_unit_id ? { id: r.org_unit_id, code: r.unit_code, name: r.unit_name } : null,
  touchpoint: r.touchpoint_id ? { id: r.touchpoint_id, name: r.touchpoint_name } : null,
  customerRef: r.customer_ref,
  channel: r.channel,
  locale: r.locale,
  answers: r.answers,
  scores: r.scores,
  context: r.context,
  submittedAt: new Date(r.submitted_at).toISOString(),
});

/** Newest first, keyset-paginated by (submitted_at, id). */
export async function listResponses(
  ex: Executor,
  actor: Actor,
  f: ResponseFilters & { cursor?: string; limit?: number },
) {
  const where = await responseScope(ex, actor, f);
  let cursorSql = sql``;
  if (f.cursor) {
    const [at, id] = Buffer.from(f.cursor, 'base64url').toString().split('|');
    if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id))
      throw invalid('cursor', 'not a valid cursor');
    cursorSql = sql`AND (r.submitted_at, r.id) < (${at}::timestamptz, ${id}::uuid)`;
  }
  const limit = Math.min(f.limit ?? 50, 200);
  const list = await rows<ResponseRow>(
    ex,
    sql`${RESPONSE_SELECT} WHERE ${where} ${cursorSql} ORDER BY r.submitted_at DESC, r.id DESC LIMIT ${limit + 1}`,
  );
  const page = list.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(presentResponse),
    nextCursor:
      list.length > limit && last
        ? Buffer.from(`${new Date(last.submitted_at).toISOString()}|${last.id}`).toString('base64url')
        : null,
  };
}
