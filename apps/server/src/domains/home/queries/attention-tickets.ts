import { one, sql } from '../../../platform/db.ts';
import type { AttentionItem, AttentionSource } from '../../../platform/module.ts';
import { ticketNumber } from '../../tickets/presenter.ts';
import { TICKET_FROM, ticketScope } from '../../tickets/scope.ts';
import { may } from '../access.ts';
import { copy } from '../copy.ts';

const OPEN = sql`t.status NOT IN ('resolved','closed')`;
const iso = (v: string | Date | null) => (v === null ? undefined : new Date(v).toISOString());

/*
 * Every card counts tickets of the caller's ticket scope (`ticketScope`: tenant, subtree, and for agents their own
 * and their teams'), so each count equals what the linked ticket list shows. One aggregate per card; open tickets
 * are found through the partial index on open tickets' due times (`tickets_due_idx`).
 */

/** New tickets nobody has acknowledged yet: medium, high when more than ten wait. */
export const newTickets: AttentionSource = async (db, actor, now, locale) => {
  if (!may(actor, 'tickets.read', 'tickets')) return [];
  const since = new Date(now.getTime() - 24 * 3600_000).toISOString();
  const row = await one<{ n: number; recent: number; newest: string | Date | null }>(
    db,
    sql`SELECT count(*)::int AS n, count(*) FILTER (WHERE t.created_at >= ${since})::int AS recent, max(t.created_at) AS newest
        FROM ${TICKET_FROM} WHERE ${ticketScope(actor)} AND t.status = 'new'`,
  );
  if (!row?.n) return [];
  const w = copy[locale];
  return [
    {
      kind: 'tickets.new',
      severity: row.n > 10 ? 'high' : 'medium',
      title: w.newTickets(row.n),
      detail: w.newDetail(row.recent),
      link: '/tickets?view=units&status=new',
      count: row.n,
      at: iso(row.newest),
    },
  ];
};

/** Open tickets past their resolution due time: always high. */
export const overdueTickets: AttentionSource = async (db, actor, now, locale) => {
  if (!may(actor, 'tickets.read', 'tickets')) return [];
  const row = await one<{ n: number; newest: string | Date | null; oldest: string | null; due: string | Date | null }>(
    db,
    sql`SELECT count(*)::int AS n, max(t.created_at) AS newest,
          (array_agg(t.number ORDER BY t.resolution_due_at))[1]::text AS oldest, min(t.resolution_due_at) AS due
        FROM ${TICKET_FROM} WHERE ${ticketScope(actor)} AND ${OPEN} AND t.resolution_due_at < ${now.toISOString()}`,
  );
  if (!row?.n) return [];
  const w = copy[locale];
  const hours = row.due ? Math.floor((now.getTime() - new Date(row.due).getTime()) / 3600_000) : 0;
  const item: AttentionItem = {
    kind: 'tickets.overdue',
    severity: 'high',
    title: w.overdue(row.n),
    detail: w.overdueDetail(hours, ticketNumber(row.oldest ?? 0)),
    link: '/tickets?view=overdue',
    count: row.n,
    at: iso(row.newest),
  };
  return [item];
};

/**
 * First-response SLA breaches: open tickets nobody answered before `first_response_due_at`. High when some are
 * also past resolution, else medium.
 */
export const slaBreaches: AttentionSource = async (db, actor, now, locale) => {
  if (!may(actor, 'tickets.read', 'tickets')) return [];
  const row = await one<{ n: number; late: number; newest: string | Date | null; oldest: string | null }>(
    db,
    sql`SELECT count(*)::int AS n, count(*) FILTER (WHERE t.resolution_due_at < ${now.toISOString()})::int AS late,
          max(t.created_at) AS newest, (array_agg(t.number ORDER BY t.first_response_due_at))[1]::text AS oldest
        FROM ${TICKET_FROM} WHERE ${ticketScope(actor)} AND ${OPEN} AND t.first_responded_at IS NULL
          AND t.first_response_due_at < ${now.toISOString()}`,
  );
  if (!row?.n) return [];
  const w = copy[locale];
  return [
    {
      kind: 'tickets.sla_breached',
      severity: row.late > 0 ? 'high' : 'medium',
      title: w.breached(row.n),
      detail: w.breachedDetail(ticketNumber(row.oldest ?? 0)),
      link: '/tickets?view=breached',
      count: row.n,
      at: iso(row.newest),
    },
  ];
};
