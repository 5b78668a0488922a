import type { SQL } from 'drizzle-orm';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import type { CustomerFacts } from '../conditions.ts';

const DAY_MS = 86_400_000;
/** Newest responses read per customer: enough for any rule, and a bound on the GET's work. */
const RECENT_LIMIT = 30;

interface FactRow {
  id: string;
  tier: string | null;
  merged_into: string | null;
  tags: string[] | null;
  segments: string[] | null;
  products: string[] | null;
  open_tickets: number;
  recent: Array<{
    at: string;
    scores: Record<string, unknown> | null;
    texts: CustomerFacts['recent'][number]['texts'];
  }>;
  decisions?: unknown;
}

/** A customer's latest decision of each rule (the GET reads it with the facts: one statement fewer). */
export interface LatestDecision {
  id: string;
  rule_id: string;
  arm: 'treatment' | 'holdout';
  decided_at: string;
  action: Record<string, unknown>;
  status: 'open' | 'taken' | 'dismissed';
  status_at: string | null;
}

/**
 * The facts of the customers `where` selects (a condition on `customers c`, carrying the caller's scope), in one
 * statement of correlated lookups, each on an index: tags (customer_tags PK), segment memberships
 * (customer_segment_members_customer_idx, materialised by the segments job), held products (product_holdings PK), open tickets by member id
 * (tickets_customer_ref_idx), and the newest responses within `lookBackDays` (responses_customer_idx) with their
 * text analyses (text_analyses_source_idx). A ticket or answer outside the caller's units still counts: the
 * action is about the customer, and only the rule's outcome (not the fact) is shown.
 */
export async function customerFacts(
  ex: Executor,
  tenantId: string,
  where: SQL,
  opts: { lookBackDays: number; now: Date; decisions?: boolean; lock?: boolean },
): Promise<Array<CustomerFacts & { mergedInto: string | null; decisions: LatestDecision[] }>> {
  const since = new Date(opts.now.getTime() - Math.max(opts.lookBackDays, 1) * DAY_MS).toISOString();
  const list = await rows<FactRow>(
    ex,
    sql`SELECT c.id, c.tier, c.merged_into,
          ARRAY(SELECT t.tag FROM customer_tags t WHERE t.tenant_id = ${tenantId} AND t.customer_id = c.id) AS tags,
          ARRAY(SELECT m.segment_id::text FROM customer_segment_members m
                 WHERE m.tenant_id = ${tenantId} AND m.customer_id = c.id) AS segments,
          ARRAY(SELECT h.product_id::text FROM product_holdings h
                 WHERE h.tenant_id = ${tenantId} AND h.customer_id = c.id) AS products,
          (SELECT count(*)::int FROM tickets k
            WHERE k.tenant_id = ${tenantId} AND k.status NOT IN ('resolved', 'closed')
              AND k.customer_ref IN (SELECT ci.value FROM customer_identities ci
                                      WHERE ci.tenant_id = ${tenantId} AND ci.customer_id = c.id AND ci.kind = 'member')) AS open_tickets,
          (SELECT coalesce(jsonb_agg(jsonb_build_object('at', x.submitted_at, 'scores', x.scores, 'texts', x.texts)
                                     ORDER BY x.submitted_at DESC), '[]'::jsonb)
             FROM (SELECT r.submitted_at, r.scores,
                          (SELECT coalesce(jsonb_agg(jsonb_build_object('sentiment', ta.sentiment, 'topics', ta.topics)), '[]'::jsonb)
                             FROM text_analyses ta
                            WHERE ta.tenant_id = ${tenantId} AND ta.source_kind = 'response' AND ta.source_id = r.id) AS texts
                     FROM responses r
                    WHERE r.tenant_id = ${tenantId} AND r.customer_id = c.id AND r.submitted_at >= ${since}::timestamptz
                    ORDER BY r.submitted_at DESC LIMIT ${RECENT_LIMIT}) x) AS recent
          ${
            opts.decisions
              ? sql`, (SELECT coalesce(jsonb_agg(to_jsonb(x)), '[]'::jsonb)
                   FROM (SELECT DISTINCT ON (d.rule_id) d.id, d.rule_id, d.arm, d.decided_at, d.action, d.status, d.status_at
                           FROM nba_decisions d WHERE d.tenant_id = ${tenantId} AND d.customer_id = c.id
                          ORDER BY d.rule_id, d.decided_at DESC) x) AS decisions`
              : sql``
          }
        FROM customers c WHERE ${where} ${opts.lock ? sql`FOR NO KEY UPDATE OF c` : sql``}`,
  );
  const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  return list.map((r) => ({
    customerId: r.id,
    decisions: json<LatestDecision[] | undefined>(r.decisions) ?? [],
    mergedInto: r.merged_into,
    tier: r.tier,
    tags: new Set(r.tags ?? []),
    segments: new Set(r.segments ?? []),
    products: new Set(r.products ?? []),
    openTickets: Number(r.open_tickets),
    recent: json<FactRow['recent']>(r.recent).map((x) => ({
      at: new Date(x.at),
      scores: x.scores ?? {},
      texts: x.texts ?? [],
    })),
  }));
}
