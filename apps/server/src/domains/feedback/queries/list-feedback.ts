import type { TAnalysisTopic, TFeedbackItemResponse, TTextSentiment } from '@loopcx/shared';
import type { SQL } from 'drizzle-orm';
import { type Actor, atTenantRoot } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { invalid, notFound } from '../../../platform/errors.ts';
import { likeContains, requireUnitInScope, unitIdsUnder } from '../../org/scope.ts';
import type { TFeedbackFilters } from '../schema.ts';

/**
 * The WHERE clause for feedback the caller may see (alias `f`). An item id alone is not a boundary: the clause
 * carries the tenant and keeps items whose unit lies in the caller's subtree; items without a unit (a brand-wide
 * post) are visible to callers scoped at the tenant root only.
 */
export async function feedbackScope(ex: Executor, actor: Actor, f: Partial<TFeedbackFilters> = {}): Promise<SQL> {
  let path = actor.orgPath;
  if (f.orgUnitId) {
    path = (await requireUnitInScope(ex, actor, f.orgUnitId)).path;
  }
  const atRoot = atTenantRoot(actor) && !f.orgUnitId;
  const inUnits = sql`f.org_unit_id IN (${unitIdsUnder(actor.tenantId, path)})`;
  const parts: SQL[] = [
    sql`f.tenant_id = ${actor.tenantId}`,
    atRoot ? sql`(f.org_unit_id IS NULL OR ${inUnits})` : inUnits,
  ];
  if (f.source) parts.push(sql`f.source = ${f.source}`);
  if (f.touchpointId) parts.push(sql`f.touchpoint_id = ${f.touchpointId}`);
  if (f.customerRef) parts.push(sql`f.customer_ref = ${f.customerRef}`);
  if (f.from) parts.push(sql`f.occurred_at >= ${f.from}`);
  if (f.to) parts.push(sql`f.occurred_at < ${f.to}`);
  if (f.q) parts.push(sql`(f.text ILIKE ${likeContains(f.q)} OR f.author ILIKE ${likeContains(f.q)})`);
  return sql.join(parts, sql` AND `);
}

export interface FeedbackRow {
  id: string;
  source: string;
  channel: string | null;
  url: string | null;
  author: string | null;
  text: string;
  rating: number | null;
  org_unit_id: string | null;
  unit_code: string | null;
  unit_name: string | null;
  touchpoint_id: string | null;
  touchpoint_name: string | null;
  customer_ref: string | null;
  external_id: string | null;
  occurred_at: Date | string;
  created_at: Date | string;
  sentiment: TTextSentiment | null;
  topics: TAnalysisTopic[] | null;
  app_version: string | null;
  locale: string | null;
  user_agent: string | null;
  anonymous_id: string | null;
  screenshot_ref: string | null;
  screenshot_type: string | null;
  contact_left: boolean;
}

const SELECT = sql`SELECT f.id, f.source, f.channel, f.url, f.author, f.text, f.rating, f.org_unit_id, o.code AS unit_code, o.name AS unit_name,
  f.touchpoint_id, tp.name AS touchpoint_name, f.customer_ref, f.external_id, f.occurred_at, f.created_at, a.sentiment, a.topics,
  f.app_version, f.locale, f.user_agent, f.anonymous_id, f.screenshot_ref, f.screenshot_type, f.contact_sealed IS NOT NULL AS contact_left
  FROM feedback_items f
  LEFT JOIN org_units o ON o.tenant_id = f.tenant_id AND o.id = f.org_unit_id
  LEFT JOIN touchpoints tp ON tp.tenant_id = f.tenant_id AND tp.id = f.touchpoint_id
  LEFT JOIN text_analyses a ON a.tenant_id = f.tenant_id AND a.source_kind = 'feedback' AND a.source_id = f.id AND coalesce(a.question, '') = ''`;

/** A feedback row as the API answers it (the feedback contract's item). */
export const presentFeedback = (r: FeedbackRow): TFeedbackItemResponse => ({
  id: r.id,
  source: r.source,
  channel: r.channel,
  url: r.url,
  author: r.author,
  text: r.text,
  rating: r.rating === null ? null : Number(r.rating),
  orgUnit: r.org_unit_id ? { id: r.org_unit_id, code: r.unit_code, name: r.unit_name } : null,
  touchpoint: r.touchpoint_id ? { id: r.touchpoint_id, name: r.touchpoint_name } : null,
  customerRef: r.customer_ref,
  externalId: r.external_id,
  occurredAt: new Date(r.occurred_at).toISOString(),
  createdAt: new Date(r.created_at).toISOString(),
  // Filled in by text analysis shortly after the item is stored (null until then).
  analysis: r.sentiment ? { sentiment: r.sentiment, topics: r.topics ?? [] } : null,
  inApp:
    r.source === 'in_app'
      ? {
          appVersion: r.app_version,
          locale: r.locale,
          userAgent: r.user_agent,
          anonymousId: r.anonymous_id,
          screenshot: r.screenshot_ref !== null,
          contactLeft: r.contact_left,
        }
      : null,
});

/** Newest first, keyset-paginated by (occurred_at, id). */
export async function listFeedback(ex: Executor, actor: Actor, f: TFeedbackFilters) {
  const where = await feedbackScope(ex, actor, f);
  let cursorSql = sql``;
  if (f.cursor) {
    const [at, id] = Buffer.from(f.cursor, 'base64url').toString().split('|');
    if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id))
      throw invalid('cursor', 'not a valid cursor');
    cursorSql = sql`AND (f.occurred_at, f.id) < (${at}::timestamptz, ${id}::uuid)`;
  }
  const limit = f.limit ?? 50;
  const list = await rows<FeedbackRow>(
    ex,
    sql`${SELECT} WHERE ${where} ${cursorSql} ORDER BY f.occurred_at DESC, f.id DESC LIMIT ${limit + 1}`,
  );
  const page = list.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(presentFeedback),
    nextCursor:
      list.length > limit && last
        ? Buffer.from(`${new Date(last.occurred_at).toISOString()}|${last.id}`).toString('base64url')
        : null,
  };
}

/** One item in the caller's scope; another tenant's or an out-of-scope id is 404. */
export async function getFeedback(ex: Executor, actor: Actor, id: string) {
  const where = await feedbackScope(ex, actor);
  const row = await one<FeedbackRow>(ex, sql`${SELECT} WHERE ${where} AND f.id = ${id}`);
  if (!row) throw notFound('Feedback item');
  return row;
}
