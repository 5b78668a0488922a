import type { AppContext } from '../../../platform/context.ts';
import { one, sql } from '../../../platform/db.ts';

/**
 * Deletes entries older than `LOOPCX_AUDIT_RETENTION_DAYS` (all tenants, or one in tests), in slices of 10,000 so a
 * first purge of a long history does not hold one huge transaction. 0 days keeps everything. Returns the count.
 */
export async function purgeAudit(ctx: AppContext, opts: { tenantId?: string } = {}): Promise<number> {
  const days = ctx.config.auditRetentionDays;
  if (days <= 0) return 0;
  const cutoff = new Date(ctx.clock.now().getTime() - days * 86_400_000).toISOString();
  let total = 0;
  for (;;) {
    const r = await one<{ n: number }>(
      ctx.db,
      sql`WITH doomed AS (
            SELECT tenant_id, id FROM audit_log
            WHERE at < ${cutoff} ${opts.tenantId ? sql`AND tenant_id = ${opts.tenantId}` : sql``}
            LIMIT 10000)
          , gone AS (DELETE FROM audit_log a USING doomed d WHERE a.tenant_id = d.tenant_id AND a.id = d.id RETURNING 1)
          SELECT count(*)::int AS n FROM gone`,
    );
    total += r?.n ?? 0;
    if ((r?.n ?? 0) < 10000) return total;
  }
}
