import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { likeContains, pathUnder, requireUnitInScope } from '../../org/scope.ts';
import { presentTicket, TICKET_COLUMNS, type TicketRow } from '../presenter.ts';
import { TICKET_FROM, ticketScope } from '../scope.ts';

export interface ListTicketsOptions {
  /** `overdue`: open past resolution due; `breached`: open, never answered, past first-response due. */
  view?: 'mine' | 'units' | 'overdue' | 'breached' | 'all';
  status?: string[];
  orgUnitId?: string;
  responseId?: string;
  customerRef?: string;
  priority?: string;
  /** Tickets an alert rule opened (the home page's "alert fired" card links here). */
  ruleId?: string;
  /** Tickets created at or after this instant (ISO). */
  since?: string;
  q?: string;
  limit?: number;
  cursor?: string;
}

/** Keyset-paginated tickets in scope, newest first. The cursor is the last row's number. */
export async function listTickets(ex: Executor, actor: Actor, now: Date, opts: ListTicketsOptions) {
  const filters = [ticketScope(actor)];
  if (opts.view === 'mine') filters.push(sql`t.assignee_id = ${actor.id}`);
  if (opts.view === 'overdue')
    filters.push(sql`t.status NOT IN ('resolved','closed') AND t.resolution_due_at < ${now.toISOString()}`);
  if (opts.view === 'breached')
    filters.push(
      sql`t.status NOT IN ('resolved','closed') AND t.first_responded_at IS NULL AND t.first_response_due_at < ${now.toISOString()}`,
    );
  if (opts.ruleId) filters.push(sql`t.rule_id = ${opts.ruleId}`);
  if (opts.since) filters.push(sql`t.created_at >= ${opts.since}`);
  if (opts.status?.length)
    filters.push(
      sql`t.status IN (${sql.join(
        opts.status.map((s) => sql`${s}`),
        sql`, `,
      )})`,
    );
  if (opts.priority) filters.push(sql`t.priority = ${opts.priority}`);
  if (opts.responseId) filters.push(sql`t.response_id = ${opts.responseId}`);
  if (opts.customerRef) filters.push(sql`t.customer_ref = ${opts.customerRef}`);
  if (opts.orgUnitId) {
    const unit = await requireUnitInScope(ex, actor, opts.orgUnitId);
    filters.push(pathUnder('o', unit.path));
  }
  if (opts.q) {
    const like = likeContains(opts.q);
    const num = Number(opts.q.replace(/^T-0*/i, ''));
    filters.push(
      Number.isFinite(num) && num > 0 ? sql`(t.title ILIKE ${like} OR t.number = ${num})` : sql`t.title ILIKE ${like}`,
    );
  }
  if (opts.cursor) {
    const c = Number(opts.cursor);
    if (!Number.isInteger(c) || c < 0)
      throw new AppError('invalid', 'cursor: not a valid cursor', {
        invalidParams: [{ name: 'cursor', reason: 'not a valid cursor' }],
      });
    filters.push(sql`t.number < ${c}`);
  }
  const limit = Math.min(opts.limit ?? 50, 200);
  const list = await rows<TicketRow>(
    ex,
    sql`SELECT ${sql.raw(TICKET_COLUMNS)} FROM ${TICKET_FROM} WHERE ${sql.join(filters, sql` AND `)} ORDER BY t.number DESC LIMIT ${limit + 1}`,
  );
  const page = list.slice(0, limit);
  return {
    items: page.map((t) => presentTicket(t, now)),
    nextCursor: list.length > limit ? String(page[page.length - 1].number) : null,
  };
}
