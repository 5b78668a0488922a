import type { SQL } from 'drizzle-orm';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { invalid, notFound } from '../../../platform/errors.ts';
import { INVITATIONS_FROM, invitationScope, STATUS_EXPR } from '../../surveys/queries/invitation-status.ts';
import type { TInvitationListQuery } from '../schema.ts';

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
  /** The intercept that showed it in a browser (issue 20), and its name; null for other invitations. */
  intercept_id: string | null;
  intercept_name: string | null;
  trigger_id: string | null;
  event_id: string | null;
  customer_id: string | null;
  /** The member id the invitation was addressed to (as the event named the customer). */
  customer_ref: string | null;
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
  i.survey_id, i.channel_id, i.trigger_id, i.event_id, i.customer_id, i.customer ->> 'externalId' AS customer_ref, i.org_unit_id, i.touchpoint_id, i.context, i.created_at,
  i.send_at, i.sent_at, i.opened_at, i.started_at, i.responded_at, i.expires_at, i.reminded_at, i.intercept_id,
  (SELECT x.name FROM sdk_intercepts x WHERE x.tenant_id = i.tenant_id AND x.id = i.intercept_id) AS intercept_name`;

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
  if (q.from) filters.push(sql`i.created_at >= ${q.from}::timestamptz`);
  if (q.to) filters.push(sql`i.created_at < ${q.to}::timestamptz`);
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
