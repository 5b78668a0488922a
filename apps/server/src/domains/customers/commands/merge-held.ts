import { type Executor, rows, sql } from '../../../platform/db.ts';

const count = async (ex: Executor, q: ReturnType<typeof sql>) => (await rows(ex, q)).length;

/**
 * The per-customer rows of other domains that a merge moves to the survivor (decision 80), in the merge's
 * transaction, so the product scorecard's holders, NBA's `holdsProduct` and the customer page read the surviving
 * profile:
 * - product holdings: a product both held becomes one holding (counts summed, earliest `since`, latest `last_at`;
 *   the survivor's source stays, as when an order adds to a holding);
 * - product event links name the survivor (the links index by customer, migration 0099);
 * - NBA decisions move with their arm and status: the merged profile's exposures are the person's history (a rule
 *   may then show two decisions in one cooldown; the latest is the live one, as for any customer);
 * - panel memberships move, except in a panel the survivor is already in: that one stays on the merged profile, with
 *   its own points ledger and portal link (two memberships with separate points are a person's decision to join).
 */
export async function moveHeldRows(tx: Executor, tenantId: string, survivorId: string, otherId: string) {
  const holdings = await count(
    tx,
    sql`INSERT INTO product_holdings AS h (tenant_id, customer_id, product_id, since, last_at, count, source)
        SELECT tenant_id, ${survivorId}::uuid, product_id, since, last_at, count, source FROM product_holdings
        WHERE tenant_id = ${tenantId} AND customer_id = ${otherId} ORDER BY product_id
        ON CONFLICT (tenant_id, customer_id, product_id) DO UPDATE SET count = h.count + excluded.count,
          since = least(h.since, excluded.since), last_at = greatest(h.last_at, excluded.last_at)
        RETURNING product_id`,
  );
  await tx.execute(sql`DELETE FROM product_holdings WHERE tenant_id = ${tenantId} AND customer_id = ${otherId}`);
  const productLinks = await count(
    tx,
    sql`UPDATE product_event_links SET customer_id = ${survivorId} WHERE tenant_id = ${tenantId} AND customer_id = ${otherId}
        RETURNING event_id`,
  );
  const nbaDecisions = await count(
    tx,
    sql`UPDATE nba_decisions SET customer_id = ${survivorId} WHERE tenant_id = ${tenantId} AND customer_id = ${otherId} RETURNING id`,
  );
  const panelMembers = await count(
    tx,
    sql`UPDATE panel_members m SET customer_id = ${survivorId} WHERE m.tenant_id = ${tenantId} AND m.customer_id = ${otherId}
          AND NOT EXISTS (SELECT 1 FROM panel_members s WHERE s.tenant_id = m.tenant_id AND s.panel_id = m.panel_id
                          AND s.customer_id = ${survivorId})
        RETURNING id`,
  );
  return { holdings, productLinks, nbaDecisions, panelMembers };
}
