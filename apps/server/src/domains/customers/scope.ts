import type { SQL } from 'drizzle-orm';
import { type Actor, atTenantRoot } from '../../platform/auth.ts';
import { type Executor, sql } from '../../platform/db.ts';
import { pathUnder } from '../org/scope.ts';

/**
 * The profiles a caller may see, as a condition on `customers c`: everyone for a root-scoped caller; below the
 * root, profiles seen at a unit of the caller's subtree (customer_units, migration 0052). A store manager can
 * therefore neither list nor open (404) the profile of a customer who never came to their stores.
 */
export function customerScope(actor: Actor, alias = 'c'): SQL {
  const c = sql.raw(alias);
  // Root-scoped callers see every profile, including ones seen at no unit yet.
  if (atTenantRoot(actor)) return sql`${c}.tenant_id = ${actor.tenantId}`;
  return sql`${c}.tenant_id = ${actor.tenantId} AND EXISTS (
    SELECT 1 FROM customer_units cu JOIN org_units ou ON ou.tenant_id = cu.tenant_id AND ou.id = cu.org_unit_id
    WHERE cu.tenant_id = ${c}.tenant_id AND cu.customer_id = ${c}.id AND ${pathUnder('ou', actor.orgPath)})`;
}

/**
 * The same set as `customerScope`, as a subquery of customer ids for a caller below the root (customers seen at a
 * unit of the caller's subtree): for counting a large id set against it in one hashed pass rather than probing
 * customer_units once per id.
 */
export function scopedCustomerIds(actor: Actor): SQL {
  return sql`SELECT cu.customer_id FROM customer_units cu JOIN org_units ou ON ou.tenant_id = cu.tenant_id AND ou.id = cu.org_unit_id
             WHERE cu.tenant_id = ${actor.tenantId} AND ${pathUnder('ou', actor.orgPath)}`;
}

export interface SeenAt {
  customer_id: string;
  org_unit_id: string | null;
  at: string | Date;
}

/**
 * Upserts (tenant_id, customer_id, org_unit_id, first_seen_at, last_seen_at) rows from `source`, a SELECT that
 * yields them sorted by key: an existing pair widens its seen-at span, and one whose span does not widen is not
 * rewritten. Resolution, API creation and merges all record through it.
 */
export async function upsertCustomerUnits(ex: Executor, source: SQL) {
  await ex.execute(
    sql`INSERT INTO customer_units AS cu (tenant_id, customer_id, org_unit_id, first_seen_at, last_seen_at)
        ${source}
        ON CONFLICT (tenant_id, customer_id, org_unit_id) DO UPDATE SET
          first_seen_at = least(cu.first_seen_at, excluded.first_seen_at), last_seen_at = greatest(cu.last_seen_at, excluded.last_seen_at)
        WHERE excluded.first_seen_at < cu.first_seen_at OR excluded.last_seen_at > cu.last_seen_at`,
  );
}

/** Records where customers were seen (resolution, API creation); rows without a unit are skipped. */
export async function recordCustomerUnits(ex: Executor, tenantId: string, seen: SeenAt[]) {
  const list = seen
    .filter((s) => s.org_unit_id)
    .map((s) => ({ c: s.customer_id, o: s.org_unit_id, at: s.at instanceof Date ? s.at.toISOString() : s.at }));
  if (!list.length) return;
  await upsertCustomerUnits(
    ex,
    sql`SELECT ${tenantId}::uuid, x.c, x.o, min(x.at), max(x.at) FROM jsonb_to_recordset(${JSON.stringify(list)}::jsonb) AS x(c uuid, o uuid, at timestamptz)
        GROUP BY x.c, x.o ORDER BY x.c, x.o`,
  );
}
