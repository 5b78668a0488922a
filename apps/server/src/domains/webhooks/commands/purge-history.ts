import type { AppContext } from '../../../platform/context.ts';
import { sql } from '../../../platform/db.ts';

/** How long events and their delivery log are kept. */
export const HISTORY_DAYS = 30;

/**
 * Scheduled: deletes dispatched events older than HISTORY_DAYS with their deliveries (cascade), a bounded chunk per
 * run, never one with a delivery still waiting. Idempotent, so several worker nodes running it at once only
 * race for the same rows.
 */
export async function purgeWebhookHistory(ctx: AppContext) {
  const cutoff = new Date(ctx.clock.now().getTime() - HISTORY_DAYS * 86400_000).toISOString();
  await ctx.db.execute(
    sql`DELETE FROM webhook_events e
        WHERE (e.tenant_id, e.id) IN (
          SELECT x.tenant_id, x.id FROM webhook_events x
          WHERE x.created_at < ${cutoff}::timestamptz AND x.dispatched_at IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.tenant_id = x.tenant_id AND d.event_id = x.id
                              AND d.status IN ('pending', 'retrying'))
          LIMIT 10000)`,
  );
}
