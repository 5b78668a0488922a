import type { FastifyReply, FastifyRequest } from 'fastify';
import { AUDITED, recordAudit, whoOf } from './audit.ts';
import { type Actor, originOf, resolveActor } from './auth.ts';
import type { AppContext } from './context.ts';

/**
 * Private write routes that are not admin or security actions, with the reason; every other POST, PUT, PATCH and
 * DELETE under /api/v1 writes an audit entry (`audit-http.test.ts` walks the route table, and fails on an entry
 * here that names no route). Keep this list short: an entry needs a reason a reviewer accepts.
 */
export const AUDIT_EXEMPT: Record<string, string> = {
  'POST /api/v1/responses/batch': 'data ingest by systems (thousands a second); the responses are the record',
  'POST /api/v1/events': 'data ingest (events are the record)',
  'POST /api/v1/events/batch': 'data ingest (events are the record)',
  'POST /api/v1/feedback': 'data ingest (the feedback item is the record)',
  'POST /api/v1/metrics/query': 'a read sent as POST (the query is a body)',
  'POST /api/v1/metrics/validate': 'a read: checks a formula, stores nothing',
  'POST /api/v1/customers/segments/preview': 'a read: counts a filter, stores nothing',
  'POST /api/v1/notifications/:id/read': "marks the caller's own notification read",
  'POST /api/v1/notifications/read-all': "marks the caller's own notifications read",
  'POST /api/v1/tickets': 'ticket work: ticket_events is its history',
  'POST /api/v1/tickets/:id/transitions': 'ticket work: ticket_events is its history',
  'POST /api/v1/tickets/:id/followup': 'ticket work: ticket_events is its history',
  'POST /api/v1/tickets/:id/comments': 'ticket work: ticket_events is its history',
  'POST /api/v1/tickets/:id/assign': 'ticket work: ticket_events is its history',
  'POST /api/v1/tickets/bulk-assign': 'ticket work: ticket_events is its history',
};

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The action name of an entry written by the HTTP layer: method and route, e.g. `POST /surveys/:id/links`. */
export const routeAction = (method: string, url: string) => `${method} ${url.replace(/^\/api\/v1/, '')}`;

/** The problem's detail of a refused request, so the entry says why without another lookup. */
function problemDetail(payload: unknown): string | undefined {
  if (typeof payload !== 'string' || payload.length > 20_000) return undefined;
  try {
    const p = JSON.parse(payload) as { detail?: unknown };
    return typeof p.detail === 'string' ? p.detail.slice(0, 500) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * onSend hook of the private API: writes an entry for a successful write whose command wrote none (so a new admin
 * route is audited from its first day, if only as "who called which route with what"), and for every refused write
 * by a known caller (403, 404, 409, 422: someone tried). 401s have no caller and stay out: the tenant is unknown.
 */
export function auditWrites(ctx: AppContext) {
  return async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (READS.has(req.method) || reply.statusCode === 401) return payload;
    const url = req.routeOptions.url;
    if (!url || AUDIT_EXEMPT[`${req.method} ${url}`]) return payload;
    const failed = reply.statusCode >= 400;
    let actor: Actor | undefined = req.actor;
    if (!failed && actor && (actor as Actor & { [AUDITED]?: boolean })[AUDITED]) return payload;
    // Refused by validation before authentication ran: find out who it was (one lookup, refused writes only).
    if (!actor) {
      const found = await resolveActor(ctx, req);
      if (!found) return payload;
      actor = { ...found, origin: originOf(req) };
    }
    const params = (req.params ?? {}) as Record<string, unknown>;
    const targetId = ['id', 'key', 'priority'].map((k) => params[k]).find((v) => typeof v === 'string') as
      | string
      | undefined;
    // A text body is an uploaded file (CSV of customers, phones, emails): its size is what the log keeps.
    const request =
      req.body === undefined || req.body === null
        ? undefined
        : typeof req.body === 'string'
          ? `(${req.body.length} characters of ${req.headers['content-type'] ?? 'text'})`
          : req.body;
    try {
      await recordAudit(ctx.db, whoOf(actor), {
        action: routeAction(req.method, url),
        targetType: 'route',
        targetId: targetId ?? null,
        after: failed ? { request, error: problemDetail(payload) } : request === undefined ? undefined : { request },
        outcome: failed ? 'failure' : 'success',
        status: reply.statusCode,
      });
    } catch (err) {
      // The answer is already decided: an entry that cannot be stored is logged, never turned into another error.
      req.log.error({ err, action: routeAction(req.method, url) }, 'audit entry not recorded');
    }
    return payload;
  };
}
