import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';

export interface AuditRow {
  id: string;
  at: Date | string;
  actor_kind: 'user' | 'apiKey' | 'anonymous';
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  outcome: 'success' | 'failure';
  status: number | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
}

/** Filters of `GET /audit`; `action` ending in `.` or `*` is a prefix (`user.` = every user action). */
export interface ListAuditOptions {
  actorId?: string;
  /** Matches the actor's email or key name, case-insensitively, anywhere in it. */
  actor?: string;
  action?: string;
  objectType?: string;
  objectId?: string;
  outcome?: 'success' | 'failure';
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The tenant's entries, newest first, keyset-paginated by id (the primary key after tenant_id, so a page costs
 * the same on the millionth entry as on the first). The tenant is the boundary: entries carry no unit.
 */
export async function listAudit(
  ex: Executor,
  actor: Actor,
  o: ListAuditOptions,
): Promise<{ items: AuditRow[]; nextCursor: string | null }> {
  let before: string | undefined;
  if (o.cursor) {
    if (!/^\d{1,18}$/.test(o.cursor)) throw invalid('cursor', 'not a valid cursor');
    before = o.cursor;
  }
  const prefix = o.action && /[.*]$/.test(o.action) ? o.action.replace(/\*$/, '') : undefined;
  const items = await rows<AuditRow>(
    ex,
    sql`SELECT id::text AS id, at, actor_kind, actor_id, actor_label, action, target_type, target_id, outcome, status,
          before, after, ip, user_agent, request_id
        FROM audit_log
        WHERE tenant_id = ${actor.tenantId}
          ${before ? sql`AND id < ${before}::bigint` : sql``}
          ${o.actorId ? sql`AND actor_id = ${o.actorId}` : sql``}
          ${o.actor ? sql`AND actor_label ILIKE ${`%${likeEscape(o.actor)}%`}` : sql``}
          ${prefix !== undefined ? sql`AND action LIKE ${`${likeEscape(prefix)}%`}` : o.action ? sql`AND action = ${o.action}` : sql``}
          ${o.objectType ? sql`AND target_type = ${o.objectType}` : sql``}
          ${o.objectId ? sql`AND target_id = ${o.objectId}` : sql``}
          ${o.outcome ? sql`AND outcome = ${o.outcome}` : sql``}
          ${o.from ? sql`AND at >= ${o.from}` : sql``}
          ${o.to ? sql`AND at < ${o.to}` : sql``}
        ORDER BY audit_log.id DESC
        LIMIT ${o.limit + 1}`,
  );
  const more = items.length > o.limit;
  if (more) items.pop();
  return { items, nextCursor: more ? items[items.length - 1].id : null };
}
