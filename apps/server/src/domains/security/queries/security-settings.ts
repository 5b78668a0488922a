import { type Executor, one, sql } from '../../../platform/db.ts';

/** The origins that may frame a tenant's survey page (empty: none). The tenant id is the boundary. */
export async function frameAncestorsOf(ex: Executor, tenantId: string): Promise<string[]> {
  const row = await one<{ frame_ancestors: string[] }>(
    ex,
    sql`SELECT frame_ancestors FROM tenants WHERE id = ${tenantId}`,
  );
  return row?.frame_ancestors ?? [];
}
