import { roleCan, type TTimelineKind } from '@loopcx/shared';
import type { SQL } from 'drizzle-orm';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { eventScope } from '../../events/queries/list-events.ts';
import { feedbackScope } from '../../feedback/queries/list-feedback.ts';
import { responseScope } from '../../responses/queries/list-responses.ts';
import { ticketScope } from '../../tickets/scope.ts';
import { uuidv7Floor } from '../commands/resolve-customers.ts';
import { loadLiveCustomer } from './get-customer.ts';

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

const iso = (d: string | Date) => (d instanceof Date ? d : new Date(d)).toISOString();

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
  await loadLiveCustomer(ex, actor.tenantId, customerId);
  const limit = Math.min(opts.limit ?? 50, 200);
  let cursorAt: string | undefined;
  let cursorId: string | undefined;
  if (opts.cursor) {
    const m = /^(\d{1,15})_([0-9a-f-]{36})$/.exec(opts.cursor);
    if (!m) throw invalid('cursor', 'not a valid cursor');
    cursorAt = new Date(Number(m[1])).toISOString();
    cursorId = m[2];
  }
  const page = (at: SQL, id: SQL) => (cursorAt ? sql`(${at}, ${id}) < (${cursorAt}::timestamptz, ${cursorId}::uuid)` : sql`true`);
  const refs = (
    await rows<{ value: string }>(ex, sql`SELECT value FROM customer_identities WHERE tenant_id = ${actor.tenantId} AND customer_id = ${customerId} AND kind = 'member'`)
  ).map((r) => r.value);
  const refList = sql`(SELECT jsonb_array_elements_text(${JSON.stringify(refs)}::jsonb))`;
  const wanted = new Set<TTimelineKind>(opts.kinds?.length ? opts.kinds : ['response', 'event', 'ticket', 'feedback']);
  const allowed: Record<TTimelineKind, boolean> = {
    response: roleCan(actor.role, 'responses.read'),
    event: roleCan(actor.role, 'events.read'),
    ticket: roleCan(actor.role, 'tickets.read'),
    feedback: roleCan(actor.role, 'responses.read'),
  };
  const queries: Array<Promise<Row[]>> = [];

  if (wanted.has('response') && allowed.response) {
    // Responses committed since the last resolution sweep may still lack customer_id: match those by member id,
    // reading only the primary-key range above the sweep's cursor.
    // Before the first incremental sweep there is no cursor: the last hour (older rows get resolved by that sweep's
    // full first walk, which every tenant gets within a minute of the worker starting).
    const swept =
      (await one<{ last_id: string }>(ex, sql`SELECT last_id FROM customer_resolution_cursors WHERE tenant_id = ${actor.tenantId} AND source = 'responses'`))?.last_id ??
      uuidv7Floor(opts.now.getTime() - 3600_000);
    const mine = refs.length
      ? sql`(r.customer_id = ${customerId} OR (r.id > ${swept}::uuid AND r.customer_id IS NULL AND r.customer_ref IN ${refList}))`
      : sql`r.customer_id = ${customerId}`;
    queries.push(
      rows<Row>(
        ex,
        sql`SELECT 'response' AS kind, r.id, r.submitted_at AS at, r.org_unit_id AS unit_id, o.name AS unit_name,
                   jsonb_build_object('surveyId', r.survey_id, 'surveyName', s.name, 'scores', r.scores, 'channel', r.channel,
                     'touchpoint', tp.name, 'comment', (SELECT string_agg(a.value, ' / ') FROM jsonb_each_text(r.answers) a
                                                          WHERE jsonb_typeof(r.answers -> a.key) = 'string' AND length(a.value) > 3)) AS d
            FROM responses r JOIN surveys s ON s.tenant_id = r.tenant_id AND s.id = r.survey_id
            LEFT JOIN org_units o ON o.tenant_id = r.tenant_id AND o.id = r.org_unit_id
            LEFT JOIN touchpoints tp ON tp.tenant_id = r.tenant_id AND tp.id = r.touchpoint_id
            WHERE ${await responseScope(ex, actor, {})} AND ${mine} AND ${page(sql`r.submitted_at`, sql`r.id`)}
            ORDER BY r.submitted_at DESC, r.id DESC LIMIT ${limit + 1}`,
      ),
    );
  }
  if (refs.length && wanted.has('event') && allowed.event) {
    queries.push(
      rows<Row>(
        ex,
        sql`SELECT 'event' AS kind, e.id, e.occurred_at AS at, e.org_unit_id AS unit_id, o.name AS unit_name,
                   jsonb_build_object('type', e.type, 'value', e.value, 'properties', e.properties, 'touchpoint', tp.name) AS d
            FROM events e LEFT JOIN org_units o ON o.tenant_id = e.tenant_id AND o.id = e.org_unit_id
            LEFT JOIN touchpoints tp ON tp.tenant_id = e.tenant_id AND tp.id = e.touchpoint_id
            WHERE ${eventScope(actor)} AND e.customer_ref IN ${refList} AND ${page(sql`e.occurred_at`, sql`e.id`)}
            ORDER BY e.occurred_at DESC, e.id DESC LIMIT ${limit + 1}`,
      ),
    );
  }
  if (refs.length && wanted.has('ticket') && allowed.ticket) {
    queries.push(
      rows<Row>(
        ex,
        sql`SELECT 'ticket' AS kind, t.id, t.created_at AS at, t.org_unit_id AS unit_id, o.name AS unit_name,
                   jsonb_build_object('number', t.number, 'title', t.title, 'status', t.status, 'priority', t.priority, 'source', t.source,
                     'responseId', t.response_id, 'resolvedAt', t.resolved_at) AS d
            FROM tickets t JOIN org_units o ON o.tenant_id = t.tenant_id AND o.id = t.org_unit_id
            WHERE ${ticketScope(actor)} AND t.customer_ref IN ${refList} AND ${page(sql`t.created_at`, sql`t.id`)}
            ORDER BY t.created_at DESC, t.id DESC LIMIT ${limit + 1}`,
      ),
    );
  }
  if (refs.length && wanted.has('feedback') && allowed.feedback) {
    queries.push(
      rows<Row>(
        ex,
        sql`SELECT 'feedback' AS kind, f.id, f.occurred_at AS at, f.org_unit_id AS unit_id, o.name AS unit_name,
                   jsonb_build_object('source', f.source, 'channel', f.channel, 'text', left(f.text, 500), 'rating', f.rating, 'url', f.url) AS d
            FROM feedback_items f LEFT JOIN org_units o ON o.tenant_id = f.tenant_id AND o.id = f.org_unit_id
            WHERE ${await feedbackScope(ex, actor)} AND f.customer_ref IN ${refList} AND ${page(sql`f.occurred_at`, sql`f.id`)}
            ORDER BY f.occurred_at DESC, f.id DESC LIMIT ${limit + 1}`,
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
      at: iso(r.at),
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
