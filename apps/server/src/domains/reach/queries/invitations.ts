import type { SQL } from 'drizzle-orm';
import { type Actor, atTenantRoot } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { invalid, notFound } from '../../../platform/errors.ts';
import { pathUnder } from '../../org/scope.ts';
import type { TInvitationListQuery } from '../schema.ts';

/**
 * The invitations a caller may see, as a condition on `invitations i LEFT JOIN org_units o`: the tenant, and an
 * invitation of a unit in the caller's subtree. Invitations without a unit (an event without a store) belong to
 * the whole organisation: only root-scoped callers see them (as events do).
 */
export function invitationScope(actor: Actor): SQL {
  return atTenantRoot(actor)
    ? sql`i.tenant_id = ${actor.tenantId} AND (i.org_unit_id IS NULL OR ${pathUnder('o', actor.orgPath)})`
    : sql`i.tenant_id = ${actor.tenantId} AND ${pathUnder('o', actor.orgPath)}`;
}

export const INVITATIONS_FROM = sql`invitations i LEFT JOIN org_units o ON o.tenant_id = i.tenant_id AND o.id = i.org_unit_id`;

/**
 * The status a person reads: the furthest lifecycle step reached. Stored `status` says where delivery stands;
 * opened / started / completed come from the link's own timestamps, and a link past its expiry that was never
 * answered is expired.
 */
export const STATUS_EXPR = (now: string) => sql`CASE
  WHEN i.responded_at IS NOT NULL THEN 'completed'
  WHEN i.status IN ('suppressed', 'failed', 'scheduled') THEN i.status
  WHEN i.expires_at IS NOT NULL AND i.expires_at <= ${now}::timestamptz THEN 'expired'
  WHEN i.started_at IS NOT NULL THEN 'started'
  WHEN i.opened_at IS NOT NULL THEN 'opened'
  ELSE i.status END`;

export interface InvitationRow {
  id: string;
  tenant_id: string;
  status: string;
  view_status: string;
  reason: string | null;
  error: string | null;
  attempts: number;
  survey_id: string;
  channel_id: string | null;
  trigger_id: string | null;
  event_id: string | null;
  customer_id: string | null;
  org_unit_id: string | null;
  touchpoint_id: string | null;
  context: Record<string, unknown> | null;
  created_at: Date | string;
  send_at: Date | string | null;
  sent_at: Date | string | null;
  opened_at: Date | string | null;
  started_at: Date | string | null;
  responded_at: Date | string | null;
  expires_at: Date | string | null;
  reminded_at: Date | string | null;
}

const COLUMNS = (
  now: string,
) => sql`i.id, i.tenant_id, i.status, ${STATUS_EXPR(now)} AS view_status, i.reason, i.error, i.attempts,
  i.survey_id, i.channel_id, i.trigger_id, i.event_id, i.customer_id, i.org_unit_id, i.touchpoint_id, i.context, i.created_at,
  i.send_at, i.sent_at, i.opened_at, i.started_at, i.responded_at, i.expires_at, i.reminded_at`;

/**
 * Invitations in scope, newest first, keyset-paginated on (created_at, id). `customer` is a member id (as events
 * carry it) or a customer profile id.
 */
export async function listInvitations(ex: Executor, actor: Actor, now: Date, q: TInvitationListQuery) {
  const iso = now.toISOString();
  const filters: SQL[] = [invitationScope(actor)];
  if (q.customer) {
    filters.push(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(q.customer)
        ? sql`(i.customer_id = ${q.customer}::uuid OR i.customer ->> 'externalId' = ${q.customer})`
        : sql`i.customer ->> 'externalId' = ${q.customer}`,
    );
  }
  if (q.triggerId) filters.push(sql`i.trigger_id = ${q.triggerId}`);
  if (q.surveyId) filters.push(sql`i.survey_id = ${q.surveyId}`);
  if (q.channelId) filters.push(sql`i.channel_id = ${q.channelId}`);
  if (q.status) filters.push(sql`${STATUS_EXPR(iso)} = ${q.status}`);
  if (q.cursor) {
    const [at, id] = q.cursor.split('_');
    if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/i.test(id))
      throw invalid('cursor', 'not a cursor this API gave');
    filters.push(sql`(i.created_at, i.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const list = await rows<InvitationRow>(
    ex,
    sql`SELECT ${COLUMNS(iso)} FROM ${INVITATIONS_FROM} WHERE ${sql.join(filters, sql` AND `)}
        ORDER BY i.created_at DESC, i.id DESC LIMIT ${q.limit + 1}`,
  );
  const more = list.length > q.limit;
  const page = more ? list.slice(0, q.limit) : list;
  const last = page[page.length - 1];
  return {
    items: page,
    nextCursor: more && last ? `${new Date(last.created_at).toISOString()}_${last.id}` : null,
  };
}

/** One invitation in scope (404 otherwise, whatever the reason). */
export async function getInvitation(ex: Executor, actor: Actor, now: Date, id: string): Promise<InvitationRow> {
  const row = await one<InvitationRow>(
    ex,
    sql`SELECT ${COLUMNS(now.toISOString())} FROM ${INVITATIONS_FROM} WHERE ${invitationScope(actor)} AND i.id = ${id}`,
  );
  if (!row) throw notFound('Invitation');
  return row;
}
