import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { TICKET_COLUMNS, type TicketRow } from '../presenter.ts';
import { TICKET_FROM, ticketScope } from '../scope.ts';

/** A ticket inside the caller's scope, or 404 (other tenants and out-of-scope tickets look the same). */
export async function getTicket(ex: Executor, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}) {
  const row = await one<TicketRow>(
    ex,
    sql`SELECT ${sql.raw(TICKET_COLUMNS)} FROM ${TICKET_FROM} WHERE ${ticketScope(actor)} AND t.id = ${id}
        ${opts.forUpdate ? sql`FOR UPDATE OF t` : sql``}`,
  );
  if (!row) throw notFound('Ticket');
  return row;
}

/** The ticket's history, oldest first, and the time spent in each status (minutes, up to `now`). */
export async function ticketHistory(ex: Executor, tenantId: string, ticketId: string, now: Date) {
  const events = await rows<{
    id: string;
    kind: string;
    actor_id: string | null;
    actor_name: string | null;
    from_status: string | null;
    to_status: string | null;
    data: unknown;
    at: Date | string;
  }>(
    ex,
    sql`SELECT e.id, e.kind, e.actor_id, u.name AS actor_name, e.from_status, e.to_status, e.data, e.at
        FROM ticket_events e LEFT JOIN users u ON u.tenant_id = e.tenant_id AND u.id = e.actor_id
        WHERE e.tenant_id = ${tenantId} AND e.ticket_id = ${ticketId} ORDER BY e.id`,
  );
  const timeInStatus: Record<string, number> = {};
  let current: { status: string; since: number } | undefined;
  for (const e of events) {
    if (!e.to_status) continue;
    const at = new Date(e.at).getTime();
    if (current) timeInStatus[current.status] = (timeInStatus[current.status] ?? 0) + (at - current.since) / 60000;
    current = { status: e.to_status, since: at };
  }
  if (current)
    timeInStatus[current.status] = (timeInStatus[current.status] ?? 0) + (now.getTime() - current.since) / 60000;
  return {
    events: events.map((e) => ({
      id: Number(e.id),
      kind: e.kind,
      actorId: e.actor_id,
      actorName: e.actor_name,
      from: e.from_status,
      to: e.to_status,
      data: e.data,
      at: new Date(e.at).toISOString(),
    })),
    timeInStatus: Object.fromEntries(Object.entries(timeInStatus).map(([k, v]) => [k, Math.round(v)])),
  };
}
