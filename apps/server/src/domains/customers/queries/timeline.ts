import { roleCan, type TTimelineKind } from '@loopcx/shared';
import type { SQL } from 'drizzle-orm';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { eventScope } from '../../events/queries/list-events.ts';
import { feedbackScope } from '../../feedback/queries/list-feedback.ts';
import { responseScope } from '../../responses/queries/list-responses.ts';
import { invitationScope, STATUS_EXPR } from '../../surveys/queries/invitation-status.ts';
import { ticketScope } from '../../tickets/scope.ts';
import { uuidv7Floor } from '../commands/resolve-customers.ts';
import { iso, loadLiveCustomer } from './get-customer.ts';

export interface TimelineOptions {
  now: Date;
  limit?: number;
  cursor?: string;
  kinds?: TTimelineKind[];
}

interface Row {
  kind: TTimelineKind;
  id: string;
  at: string | Date;
  unit_id: string | null;
  unit_name: string | null;
  d: Record<string, unknown>;
}

/** NPS group of a 0–10 score. */
export function npsGroup(score: unknown): 'promoter' | 'passive' | 'detractor' | null {
  if (typeof score !== 'number') return null;
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

/**
 * A customer's 360 timeline: their survey responses, events (orders, calls…), tickets and feedback items, newest
 * first, keyset-paginated on (time, id) across all four. Each source goes through its own domain's scope builder,
 * so a store manager sees only their subtree's items and an agent only their tickets; kinds the caller's role may
 * not read are left out (and listed in `hidden`).
 *
 * Rows are found by the profile's member ids (the ref indexes of events, feedback and tickets) and, for responses,
 * by customer_id plus the not-yet-swept tail of responses carrying one of those member ids: the timeline is right
 * before background resolution catches up with ingest.
 */
export async function customerTimeline(ex: Executor, actor: Actor, customerId: string, opts: TimelineOptions) {
  await loadLiveCustomer(ex, actor, customerId);
  const limit = Math.min(opts.limit ?? 50, 200);
  let cursorAt: string | undefined;
  let cursorId: string | undefined;
  if (opts.cursor) {
    const m = /^(\d{1,15})_([0-9a-f-]{36})$/.exec(opts.cursor);
    if (!m) throw invalid('cursor', 'not a valid cursor');
    cursorAt = new Date(Number(m[1])).toISOString();
    cursorId = m[2];
  }
  const page = (at: SQL, id: SQL) =>
    cursorAt ? sql`(${at}, ${id}) < (${cursorAt}::timestamptz, ${cursorId}::uuid)` : sql`true`;
  const refs = (
    await rows<{ value: string }>(
      ex,
      sql`SELECT value FROM customer_identities WHERE tenant_id = ${actor.tenantId} AND customer_id = ${customerId} AND kind = 'member'`,
    )
  ).map((r) => r.value);
  const refList = sql`(SELECT jsonb_array_elements_text(${JSON.stringify(refs)}::jsonb))`;
  const wanted = new Set<TTimelineKind>(
    opts.kinds?.length ? opts.kinds : ['response', 'event', 'ticket', 'feedback', 'invitation'],
  );
  const allowed: Record<TTimelineKind, boolean> = {
    response: roleCan(actor.role, 'responses.read'),
    event: roleCan(actor.role, 'events.read'),
    ticket: roleCan(actor.role, 'tickets.read'),
    feedback: roleCan(actor.role, 'responses.read'),
    invitation: roleCan(actor.role, 'invitations.read'),
  };
  // One source of the timeline: its alias `a` in `from` (which joins org_units as o), time column, details and scope.
  const source = (kind: TTimelineKind, a: string, atColumn: string, from: SQL, details: SQL, where: SQL) => {
    const at = sql.raw(`${a}.${atColumn}`);
    const id = sql.raw(`${a}.id`);
    return rows<Row>(
      ex,
      sql`SELECT ${kind}::text AS kind, ${id}, ${at} AS at, ${sql.raw(a)}.org_unit_id AS unit_id, o.name AS unit_name, ${details} AS d
          FROM ${from} WHERE ${where} AND ${page(at, id)} ORDER BY ${at} DESC, ${id} DESC LIMIT ${limit + 1}`,
    );
  };
  const tp = (a: string) =>
    sql.raw(`LEFT JOIN touchpoints tp ON tp.tenant_id = ${a}.tenant_id AND tp.id = ${a}.touchpoint_id`);
  const unit = (a: string) =>
    sql.raw(`LEFT JOIN org_units o ON o.tenant_id = ${a}.tenant_id AND o.id = ${a}.org_unit_id`);
  const queries: Array<Promise<Row[]>> = [];

  if (wanted.has('response') && allowed.response) {
    // Responses committed since the last resolution sweep may still lack customer_id: match those by member id,
    // reading only the primary-key range above the sweep's cursor.
    // Before the first incremental sweep there is no cursor: the last hour (older rows get resolved by that sweep's
    // full first walk, which every tenant gets within a minute of the worker starting).
    const swept =
      (
        await one<{ last_id: string }>(
          ex,
          sql`SELECT last_id FROM customer_resolution_cursors WHERE tenant_id = ${actor.tenantId} AND source = 'responses'`,
        )
      )?.last_id ?? uuidv7Floor(opts.now.getTime() - 3600_000);
    const comment = sql`(SELECT string_agg(a.value, ' / ') FROM jsonb_each_text(r.answers) a WHERE jsonb_typeof(r.answers -> a.key) = 'string' AND length(a.value) > 3)`;
    const scope = await responseScope(ex, actor, {});
    const response = (mine: SQL) =>
      source(
        'response',
        'r',
        'submitted_at',
        sql`responses r JOIN surveys s ON s.tenant_id = r.tenant_id AND s.id = r.survey_id ${unit('r')} ${tp('r')}`,
        sql`jsonb_build_object('surveyId', r.survey_id, 'surveyName', s.name, 'scores', r.scores, 'channel', r.channel, 'touchpoint', tp.name, 'comment', ${comment})`,
        sql`${scope} AND ${mine}`,
      );
    // Two disjoint queries rather than one OR, which PostgreSQL planned as a scan of every response (430 ms at 1 M).
    queries.push(response(sql`r.customer_id = ${customerId}`));
    if (refs.length)
      queries.push(response(sql`r.id > ${swept}::uuid AND r.customer_id IS NULL AND r.customer_ref IN ${refList}`));
  }
  if (refs.length && wanted.has('event') && allowed.event) {
    queries.push(
      source(
        'event',
        'e',
        'occurred_at',
        sql`events e ${unit('e')} ${tp('e')}`,
        sql`jsonb_build_object('type', e.type, 'value', e.value, 'properties', e.properties, 'touchpoint', tp.name)`,
        sql`${eventScope(actor)} AND e.customer_ref IN ${refList}`,
      ),
    );
  }
  if (refs.length && wanted.has('ticket') && allowed.ticket) {
    queries.push(
      source(
        'ticket',
        't',
        'created_at',
        sql`tickets t JOIN org_units o ON o.tenant_id = t.tenant_id AND o.id = t.org_unit_id`,
        sql`jsonb_build_object('number', t.number, 'title', t.title, 'status', t.status, 'priority', t.priority, 'source', t.source, 'responseId', t.response_id, 'resolvedAt', t.resolved_at)`,
        sql`${ticketScope(actor)} AND t.customer_ref IN ${refList}`,
      ),
    );
  }
  if (refs.length && wanted.has('feedback') && allowed.feedback) {
    queries.push(
      source(
        'feedback',
        'f',
        'occurred_at',
        sql`feedback_items f ${unit('f')}`,
        sql`jsonb_build_object('source', f.source, 'channel', f.channel, 'text', left(f.text, 500), 'rating', f.rating, 'url', f.url,
          'replies', (SELECT coalesce(jsonb_agg(jsonb_build_object('text', left(rp.text, 500), 'channel', rp.channel, 'at', rp.created_at) ORDER BY rp.created_at), '[]') FROM feedback_replies rp WHERE rp.tenant_id = f.tenant_id AND rp.feedback_id = f.id))`,
        sql`${await feedbackScope(ex, actor)} AND f.customer_ref IN ${refList}`,
      ),
    );
  }

  if (wanted.has('invitation') && allowed.invitation) {
    // Reach invitations of this profile (by customer_id: the decision resolved it), with their lifecycle.
    queries.push(
      source(
        'invitation',
        'i',
        'created_at',
        sql`invitations i JOIN surveys s ON s.tenant_id = i.tenant_id AND s.id = i.survey_id ${unit('i')}`,
        sql`jsonb_build_object('surveyId', i.survey_id, 'surveyName', s.name, 'status', ${STATUS_EXPR(opts.now.toISOString())},
          'reason', i.reason, 'channelId', i.channel_id, 'triggerId', i.trigger_id, 'sentAt', i.sent_at, 'completedAt', i.responded_at)`,
        sql`${invitationScope(actor)} AND i.customer_id = ${customerId}`,
      ),
    );
  }

  const all = (await Promise.all(queries)).flat();
  all.sort((a, b) => {
    const d = new Date(b.at).getTime() - new Date(a.at).getTime();
    return d !== 0 ? d : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
  });
  const items = all.slice(0, limit).map((r) => {
    const d = r.d ?? {};
    const scores = (d.scores ?? {}) as Record<string, unknown>;
    return {
      kind: r.kind,
      id: r.id,
      at: iso(r.at) as string,
      orgUnit: r.unit_id ? { id: r.unit_id, name: r.unit_name } : null,
      ...d,
      ...(r.kind === 'response' ? { npsGroup: npsGroup(scores.nps) } : {}),
    };
  });
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: all.length > limit && last ? `${new Date(last.at).getTime()}_${last.id}` : null,
    hidden: (Object.keys(allowed) as TTimelineKind[]).filter((k) => !allowed[k]),
  };
}
