import { addDays, compute, dayIn, dayRangeInstants, type Histogram, type TFrontline } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import type { ScopedUnit } from '../../org/scope.ts';
import { tenantTimeZone } from '../../tenancy/queries/tenant-time-zone.ts';
import { presentTicket, TICKET_COLUMNS, type TicketRow } from '../../tickets/presenter.ts';
import { TICKET_FROM, ticketScope } from '../../tickets/scope.ts';
import { may } from '../access.ts';

const H = Array.from({ length: 11 }, (_, i) => `h${i}`);
const OPEN = sql`t.status NOT IN ('resolved','closed')`;

/**
 * A store's own view (its people open it on a phone): NPS and CSAT today and over the last 7 days with n (min n 5,
 * as on dashboards), its open tickets the caller may see (earliest due first, five), and the latest positive
 * comments of its customers (five, last 7 days). The store is the caller's own unit (the route passes it), so every
 * read is the caller's scope; tickets still go through `ticketScope`.
 */
export async function frontline(db: Executor, actor: Actor, store: ScopedUnit, now: Date): Promise<TFrontline> {
  const tz = await tenantTimeZone(db, actor.tenantId);
  const today = dayIn(tz, now);
  const weekFrom = addDays(today, -6);
  const readsMetrics = may(actor, 'metrics.read', 'metrics');
  const readsTickets = may(actor, 'tickets.read', 'tickets');
  const sums = readsMetrics
    ? await rows<Record<string, string | number> & { binding: string; today: boolean }>(
        db,
        sql`SELECT r.binding, r.day = ${today} AS today, sum(r.n)::float8 AS n, sum(r.sum)::float8 AS sum, sum(r.sumsq)::float8 AS sumsq,
              ${sql.raw(H.map((h) => `sum(r.${h})::float8 AS ${h}`).join(', '))}
            FROM score_rollups r
            WHERE r.tenant_id = ${actor.tenantId} AND r.binding IN ('nps','csat') AND r.org_unit_id = ${store.id}
              AND r.day >= ${weekFrom} AND r.day <= ${today}
            GROUP BY 1, 2`,
      )
    : [];
  const score = (metric: 'nps' | 'csat', todayOnly: boolean) => {
    const h: Histogram = { n: 0, sum: 0, sumsq: 0, h: new Array(11).fill(0) };
    for (const r of sums)
      if (r.binding === metric && (!todayOnly || r.today)) {
        h.n += Number(r.n);
        h.sum += Number(r.sum);
        h.sumsq += Number(r.sumsq);
        for (let i = 0; i < 11; i++) h.h[i] += Number(r[`h${i}`]);
      }
    const v = compute(metric, h, { minN: 5 });
    return { metric, value: v.value, n: v.n };
  };
  const where = sql`${ticketScope(actor)} AND t.org_unit_id = ${store.id} AND ${OPEN}`;
  const tickets = readsTickets
    ? await rows<TicketRow>(
        db,
        sql`SELECT ${sql.raw(TICKET_COLUMNS)} FROM ${TICKET_FROM} WHERE ${where}
            ORDER BY t.resolution_due_at NULLS LAST, t.number DESC LIMIT 5`,
      )
    : [];
  const count = readsTickets
    ? await one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${TICKET_FROM} WHERE ${where}`)
    : undefined;
  const since = dayRangeInstants(tz, { from: weekFrom, to: addDays(today, 1) }).from.toISOString();
  const praise = may(actor, 'responses.read', 'text')
    ? await rows<{ text: string; at: string | Date }>(
        db,
        sql`SELECT a.text, a.occurred_at AS at FROM text_analyses a
            WHERE a.tenant_id = ${actor.tenantId} AND a.org_unit_id = ${store.id} AND a.sentiment = 'positive'
              AND a.occurred_at >= ${since} AND a.occurred_at <= ${now.toISOString()}
            ORDER BY a.occurred_at DESC LIMIT 5`,
      )
    : [];
  return {
    orgUnitId: store.id,
    unitName: store.name,
    unitNameEn: store.nameEn,
    today: readsMetrics ? [score('nps', true), score('csat', true)] : [],
    week: readsMetrics ? [score('nps', false), score('csat', false)] : [],
    openTickets: tickets.map((t) => presentTicket(t, now)),
    openTicketCount: count?.n ?? 0,
    praise: praise.map((p) => ({ text: p.text, at: new Date(p.at).toISOString() })),
  };
}
