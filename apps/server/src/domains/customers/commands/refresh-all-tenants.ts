import type { AppContext } from '../../../platform/context.ts';
import { rows, sql } from '../../../platform/db.ts';
import { refreshTenant } from './refresh-segments.ts';

/** The scheduled pass: rule-based tags, tiers and segments of every tenant, one tenant after another. */
export async function refreshAllTenants(ctx: AppContext): Promise<void> {
  for (const t of await rows<{ id: string }>(ctx.db, sql`SELECT id FROM tenants ORDER BY id`))
    await refreshTenant(ctx, t.id);
}
