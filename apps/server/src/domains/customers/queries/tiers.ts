import type { TMeasure } from '@loopcx/shared';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';

/** The tenant's value-tier scheme (null when none is set) and how many live profiles sit in each tier. */
export async function tierOverview(ex: Executor, tenantId: string) {
  const scheme = await one<{ measure: TMeasure; tiers: unknown; last_run_at: string | Date | null }>(
    ex,
    sql`SELECT measure, tiers, last_run_at FROM customer_tier_schemes WHERE tenant_id = ${tenantId}`,
  );
  const counts = await rows<{ tier: string | null; n: number }>(
    ex,
    sql`SELECT tier, count(*)::int AS n FROM customers WHERE tenant_id = ${tenantId} AND merged_into IS NULL GROUP BY tier ORDER BY tier`,
  );
  return { scheme, counts };
}
