import type { SQL } from 'drizzle-orm';
import type { AppContext } from '../../../platform/context.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';

/**
 * Serialises the work that changes who is in which customer group (resolution, tier evaluation, segment refresh,
 * merges, rollup rebuilds) per tenant, so an incremental rollup delta never interleaves with a rebuild of the same
 * group. A transaction-level advisory lock: released at commit or rollback.
 */
export async function lockTenant(tx: Executor, tenantId: string) {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`customers:${tenantId}`}))`);
}

const H = Array.from({ length: 11 }, (_, i) => i);
const HCOLS = sql.raw(H.map((i) => `h${i}`).join(', '));
const HSET = sql.raw(H.map((i) => `h${i} = r.h${i} + excluded.h${i}`).join(', '));
const NIL = '00000000-0000-0000-0000-000000000000';
const uuidList = (ids: string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

/**
 * Upserts the score deltas of `responses` (a filter on alias r) for the customer groups `groups` (a query yielding
 * customer_id, group_key) into the daily and monthly customer rollups, sorted by key so concurrent writers lock
 * rows in one order. The same arithmetic as the response writer's rollups (migration 0014). `sign` -1 takes the
 * responses out again (a customer leaving a tier or segment); rows may then hold n = 0, which adds nothing.
 */
async function upsertGroupDeltas(tx: Executor, tenantId: string, groupsQuery: SQL, responses: SQL, sign: 1 | -1 = 1) {
  // The (customer, group) pairs are read first: nothing to do when there are none (no tiers or segments yet), and
  // each group's responses are then read through responses_customer_idx for exactly its customers — no join the
  // planner could get wrong with stale statistics (a nested loop over a 6,000-pair list took 22 s on PGlite).
  const members = await rows<{ customer_id: string; group_key: string }>(tx, groupsQuery);
  if (!members.length) return;
  const byGroup = new Map<string, string[]>();
  for (const m of members) byGroup.set(m.group_key, [...(byGroup.get(m.group_key) ?? []), m.customer_id]);
  const tz =
    (await one<{ timezone: string }>(tx, sql`SELECT timezone FROM tenants WHERE id = ${tenantId}`))?.timezone ?? 'UTC';
  const neg = sql.raw(sign === 1 ? '' : '-');
  const hagg = sql.raw(
    H.map((i) => `${sign === 1 ? '' : '-'}count(*) FILTER (WHERE pts.v = ${i})::int AS h${i}`).join(', '),
  );
  for (const [groupKey, ids] of [...byGroup.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const pts = sql`SELECT r.survey_id, b.key AS binding, coalesce(r.org_unit_id, ${NIL}::uuid) AS o,
                           coalesce(r.touchpoint_id, ${NIL}::uuid) AS p, (r.submitted_at AT TIME ZONE ${tz}::text)::date AS d, b.v
                    FROM responses r
                    CROSS JOIN LATERAL (SELECT '*'::text AS key, NULL::float8 AS v
                                        UNION ALL SELECT e.key, e.value::float8 FROM jsonb_each_text(r.scores) e) b
                    WHERE r.tenant_id = ${tenantId} AND r.customer_id = ANY(${uuidList(ids)}) AND ${responses}`;
    for (const [table, period, periodCol] of [
      ['customer_score_rollups', sql`pts.d`, 'day'],
      ['customer_score_rollups_monthly', sql`date_trunc('month', pts.d)::date`, 'month'],
    ] as const) {
      await tx.execute(
        sql`INSERT INTO ${sql.raw(table)} AS r (tenant_id, group_key, survey_id, binding, org_unit_id, touchpoint_id, ${sql.raw(periodCol)}, n, sum, sumsq, ${HCOLS})
            SELECT ${tenantId}::uuid, ${groupKey}::text, pts.survey_id, pts.binding, pts.o, pts.p, ${period}, ${neg}count(*)::int,
                   ${neg}coalesce(sum(pts.v), 0), ${neg}coalesce(sum(pts.v * pts.v), 0), ${hagg}
            FROM (${pts}) pts
            GROUP BY pts.binding, ${period}, pts.survey_id, pts.o, pts.p
            ORDER BY pts.binding, ${period}, pts.survey_id, pts.o, pts.p
            ON CONFLICT (tenant_id, group_key, binding, ${sql.raw(periodCol)}, survey_id, org_unit_id, touchpoint_id) DO UPDATE SET
              n = r.n + excluded.n, sum = r.sum + excluded.sum, sumsq = r.sumsq + excluded.sumsq, ${HSET}`,
      );
    }
  }
}

/** Customer → group rows: their tier and the segments they are a member of. `customers` filters alias c / m by customer id. */
function groupsOf(tenantId: string, customerIds: SQL): SQL {
  return sql`SELECT c.id AS customer_id, 'tier:' || c.tier AS group_key FROM customers c
             WHERE c.tenant_id = ${tenantId} AND c.tier IS NOT NULL AND c.merged_into IS NULL AND c.id IN (${customerIds})
             UNION ALL
             SELECT m.customer_id, 'segment:' || m.segment_id::text FROM customer_segment_members m
             WHERE m.tenant_id = ${tenantId} AND m.customer_id IN (${customerIds})`;
}

/** Adds just-resolved responses to the rollups of their customer's groups (caller holds the tenant lock). */
export async function addGroupDeltas(
  tx: Executor,
  tenantId: string,
  resolved: Array<{ id: string; customer_id: string }>,
) {
  if (!resolved.length) return;
  const customers = uuidList([...new Set(resolved.map((r) => r.customer_id))]);
  await upsertGroupDeltas(
    tx,
    tenantId,
    groupsOf(tenantId, sql`SELECT unnest(${customers})`),
    sql`r.id = ANY(${uuidList(resolved.map((r) => r.id))})`,
  );
}

/** A customer entering or leaving a group. */
export interface GroupChange {
  customerId: string;
  groupKey: string;
}

/**
 * Moves the responses of customers who left or joined groups (a new tier, a segment refresh): their responses are
 * subtracted from the groups they left and added to the groups they joined, so the cost follows the customers who
 * changed, not the size of the group. Caller holds the tenant lock, in the transaction that changed membership.
 */
export async function applyGroupChanges(
  tx: Executor,
  tenantId: string,
  changes: { left: GroupChange[]; joined: GroupChange[] },
) {
  for (const [list, sign] of [
    [changes.left, -1],
    [changes.joined, 1],
  ] as const) {
    if (!list.length) continue;
    const json = JSON.stringify(list.map((c) => ({ c: c.customerId, g: c.groupKey })));
    const groups = sql`SELECT x.c AS customer_id, x.g AS group_key FROM jsonb_to_recordset(${json}::jsonb) AS x(c uuid, g text)`;
    await upsertGroupDeltas(tx, tenantId, groups, sql`true`, sign);
  }
}

/** Takes all responses of `customerIds` out of (sign -1) or into (1) the groups those customers are in now. */
export async function shiftCustomersGroups(tx: Executor, tenantId: string, customerIds: string[], sign: 1 | -1) {
  if (!customerIds.length) return;
  const ids = uuidList(customerIds);
  await upsertGroupDeltas(tx, tenantId, groupsOf(tenantId, sql`SELECT unnest(${ids})`), sql`true`, sign);
}

/** The members of one group key as a customer_id / group_key query. */
function membersOf(tenantId: string, groupKey: string): SQL {
  if (groupKey.startsWith('tier:')) {
    return sql`SELECT c.id AS customer_id, ${groupKey}::text AS group_key FROM customers c
               WHERE c.tenant_id = ${tenantId} AND c.merged_into IS NULL AND c.tier = ${groupKey.slice(5)}`;
  }
  return sql`SELECT m.customer_id, ${groupKey}::text AS group_key FROM customer_segment_members m
             WHERE m.tenant_id = ${tenantId} AND m.segment_id = ${groupKey.slice(8)}::uuid`;
}

/**
 * Rebuilds one group's rollups from its current members' resolved responses (delete, then insert) under the tenant
 * lock. Incremental maintenance keeps groups right; this is the repair (`POST /customers/resolve`, segment refresh).
 */
export async function rebuildGroup(ctx: AppContext, tenantId: string, groupKey: string) {
  if (!/^(tier:.+|segment:[0-9a-f-]{36})$/.test(groupKey)) return;
  await ctx.db.transaction(async (tx) => {
    await lockTenant(tx, tenantId);
    await tx.execute(sql`DELETE FROM customer_score_rollups WHERE tenant_id = ${tenantId} AND group_key = ${groupKey}`);
    await tx.execute(
      sql`DELETE FROM customer_score_rollups_monthly WHERE tenant_id = ${tenantId} AND group_key = ${groupKey}`,
    );
    await upsertGroupDeltas(tx, tenantId, membersOf(tenantId, groupKey), sql`true`);
  });
}

/** Rebuilds every tier and segment group of a tenant (repair). Returns how many groups were rebuilt. */
export async function rebuildAllGroups(ctx: AppContext, tenantId: string): Promise<number> {
  const keys = await rows<{ k: string }>(
    ctx.db,
    sql`SELECT DISTINCT 'tier:' || tier AS k FROM customers WHERE tenant_id = ${tenantId} AND tier IS NOT NULL AND merged_into IS NULL
        UNION SELECT DISTINCT group_key FROM customer_score_rollups_monthly WHERE tenant_id = ${tenantId}
        UNION SELECT 'segment:' || id::text FROM customer_segments WHERE tenant_id = ${tenantId}`,
  );
  for (const { k } of keys) await rebuildGroup(ctx, tenantId, k);
  return keys.length;
}
