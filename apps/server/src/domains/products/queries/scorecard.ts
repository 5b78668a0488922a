import { addHistograms, csat, emptyHistogram, mean, nps, type TScorecard } from '@loopcx/shared';
import { type Actor, atTenantRoot } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { customerScope } from '../../customers/scope.ts';
import { requireUnitInScope, unitIdsUnder } from '../../org/scope.ts';
import { monthlyScores, productResponses, windowSql } from './monthly-scores.ts';
import type { ProductRow } from './products.ts';

export interface ScorecardOptions {
  from: string;
  to: string;
  unitId?: string;
}

/** YYYY-MM of every month from `from` to `to` (both YYYY-MM-DD), oldest first. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out.slice(-60);
}

const round = (v: number | null, d = 2) => (v === null ? null : Math.round(v * 10 ** d) / 10 ** d);

/**
 * A product's post-launch scorecard over tenant-local days [from, to], cut to a unit subtree: `unitId` (404 outside
 * the caller's scope) or the caller's own. Responses, tickets (through their response), orders and returns count
 * where their unit lies in that subtree; a tenant-root caller without `unitId` also sees rows with no unit.
 * Holders are the profiles the caller may see.
 */
export async function productScorecard(
  ex: Executor,
  actor: Actor,
  p: ProductRow,
  o: ScorecardOptions,
): Promise<TScorecard> {
  const root = o.unitId ? (await requireUnitInScope(ex, actor, o.unitId)).path : actor.orgPath;
  const whole = !o.unitId && atTenantRoot(actor);
  const inUnits = (col: string) =>
    whole ? sql`true` : sql`${sql.raw(col)} IN (${unitIdsUnder(actor.tenantId, root)})`;
  const months = await monthlyScores(ex, actor.tenantId, p.code, o.from, o.to, inUnits('r.org_unit_id'));
  const npsAll = months.reduce((h, m) => addHistograms(h, m.nps), emptyHistogram());
  const csatAll = months.reduce((h, m) => addHistograms(h, m.csat), emptyHistogram());
  const n = nps(npsAll);
  const c = mean(csatAll);
  const top2 = csat(csatAll, 5);
  const targets = p.targets as { nps?: number; csat?: number };
  const byMonth = new Map(months.map((m) => [m.month, m]));
  const pr = productResponses(actor.tenantId, p.code, o.from, o.to, inUnits('r.org_unit_id'));
  const complaints = await rows<{ topic_id: string; code: string; name: string; count: number }>(
    ex,
    sql`WITH pr AS (${pr})
        SELECT h.topic_id, t.code, ${actor.locale === 'en' ? sql`coalesce(t.name_en, t.name)` : sql`t.name`} AS name,
               count(DISTINCT a.source_id)::int AS count
        FROM pr JOIN text_analyses a ON a.tenant_id = ${actor.tenantId} AND a.source_kind = 'response' AND a.source_id = pr.id
        JOIN text_topic_hits h ON h.tenant_id = a.tenant_id AND h.analysis_id = a.id AND h.sentiment = 'negative'
        JOIN text_topics t ON t.tenant_id = h.tenant_id AND t.id = h.topic_id
        GROUP BY 1, 2, 3 ORDER BY 4 DESC, 2 LIMIT 15`,
  );
  const tickets = await one<{ open: number; closed: number }>(
    ex,
    sql`WITH pr AS (${pr})
        SELECT count(*) FILTER (WHERE t.status NOT IN ('resolved', 'closed'))::int AS open,
               count(*) FILTER (WHERE t.status IN ('resolved', 'closed'))::int AS closed
        FROM pr JOIN tickets t ON t.tenant_id = ${actor.tenantId} AND t.response_id = pr.id`,
  );
  const w = windowSql(actor.tenantId, o.from, o.to);
  const links = await one<{ orders: number; returns: number }>(
    ex,
    sql`SELECT count(*) FILTER (WHERE l.kind = 'order')::int AS orders, count(*) FILTER (WHERE l.kind = 'return')::int AS returns
        FROM product_event_links l
        WHERE l.tenant_id = ${actor.tenantId} AND l.product_id = ${p.id}
          AND l.occurred_at >= ${w.start} AND l.occurred_at < ${w.end} AND ${inUnits('l.org_unit_id')}`,
  );
  const holders = await one<{ n: number }>(
    ex,
    sql`SELECT count(*)::int AS n FROM product_holdings h JOIN customers c ON c.tenant_id = h.tenant_id AND c.id = h.customer_id
        WHERE h.tenant_id = ${actor.tenantId} AND h.product_id = ${p.id} AND ${customerScope(actor, 'c')}`,
  );
  const orders = Number(links?.orders ?? 0);
  const returns = Number(links?.returns ?? 0);
  const vs = (v: number | null, t: number | undefined) => (v === null || t === undefined ? null : round(v - t));
  return {
    productId: p.id,
    from: o.from,
    to: o.to,
    unitId: o.unitId ?? null,
    nps: {
      value: round(n.value, 1),
      n: n.n,
      ci: n.ci,
      target: targets.nps ?? null,
      vsTarget: vs(n.value, targets.nps),
    },
    csat: {
      value: round(c.value),
      n: c.n,
      ci: c.ci,
      target: targets.csat ?? null,
      vsTarget: vs(c.value, targets.csat),
      top2: round(top2.value, 1),
      top2Ci: top2.ci,
    },
    trend: monthsBetween(o.from, o.to).map((month) => {
      const m = byMonth.get(month);
      const mn = m ? nps(m.nps) : undefined;
      const mc = m ? mean(m.csat) : undefined;
      return {
        month,
        nps: round(mn?.value ?? null, 1),
        npsN: mn?.n ?? 0,
        csat: round(mc?.value ?? null),
        csatN: mc?.n ?? 0,
      };
    }),
    complaints: complaints.map((x) => ({ topicId: x.topic_id, code: x.code, name: x.name, count: Number(x.count) })),
    tickets: { open: Number(tickets?.open ?? 0), closed: Number(tickets?.closed ?? 0) },
    orders,
    returns,
    returnRate: orders ? returns / orders : null,
    holders: Number(holders?.n ?? 0),
  };
}
