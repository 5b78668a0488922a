import type { AppContext } from '../../../platform/context.ts';
import { rows, sql } from '../../../platform/db.ts';
import { deleteStoredFile } from '../../../platform/file-store.ts';

/**
 * Deletes the files of response exports finished more than `LOOPCX_EXPORT_RETENTION_DAYS` ago (all tenants, or one
 * in tests) and marks them `expired`: the row stays, as the record of who exported what, and a download answers 410.
 * In slices of 100; each export is claimed (status done → expired) before its file is deleted, so two nodes never
 * both work on one and a crash halfway leaves at most a file that nothing names (swept with its row's tenant).
 * 0 days keeps everything. Returns the number expired.
 */
export async function expireExports(ctx: AppContext, opts: { tenantId?: string } = {}): Promise<number> {
  const days = ctx.config.exportRetentionDays;
  if (days <= 0) return 0;
  const now = ctx.clock.now();
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  let total = 0;
  for (;;) {
    const claimed = await rows<{ tenant_id: string; file: string | null }>(
      ctx.db,
      sql`WITH doomed AS (
            SELECT tenant_id, id FROM exports
            WHERE status = 'done' AND finished_at < ${cutoff} ${opts.tenantId ? sql`AND tenant_id = ${opts.tenantId}` : sql``}
            ORDER BY finished_at LIMIT 100 FOR UPDATE SKIP LOCKED)
          , old AS (SELECT e.tenant_id, e.id, e.file FROM exports e JOIN doomed d USING (tenant_id, id))
          UPDATE exports e SET status = 'expired', expired_at = ${now.toISOString()}, file = NULL
          FROM old WHERE e.tenant_id = old.tenant_id AND e.id = old.id
          RETURNING old.tenant_id, old.file`,
    );
    for (const c of claimed) if (c.file) await deleteStoredFile(ctx, c.tenant_id, c.file);
    total += claimed.length;
    if (claimed.length < 100) return total;
  }
}
