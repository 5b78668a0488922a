import type { AppContext } from '../../../platform/context.ts';
import { rows, sql } from '../../../platform/db.ts';
import { enqueue, wakeWorkers } from '../../../platform/jobs.ts';
import { connectorPollJob } from '../jobs.ts';

/**
 * The scheduler's tick: claims every enabled poller that is due by moving its `next_poll_at` one interval on, in
 * one statement with SKIP LOCKED, and enqueues a poll job per claimed connector in the same transaction. Every
 * worker node runs the tick; each due connector is claimed by exactly one of them, once per interval, and the poll
 * itself runs as an outbox job (retried if the node dies). `tenantIds` limits the tick (tests on a shared database).
 */
export async function claimDuePolls(ctx: AppContext, opts: { tenantIds?: string[] } = {}): Promise<number> {
  const now = ctx.clock.now().toISOString();
  const only = opts.tenantIds
    ? sql`AND tenant_id IN (SELECT x::uuid FROM jsonb_array_elements_text(${JSON.stringify(opts.tenantIds)}::jsonb) x)`
    : sql``;
  const claimed = await ctx.db.transaction(async (tx) => {
    const claimed = await rows<{ tenant_id: string; id: string }>(
      tx,
      sql`UPDATE feedback_connectors c SET next_poll_at = ${now}::timestamptz + make_interval(mins => c.poll_minutes)
          FROM (SELECT tenant_id, id FROM feedback_connectors
                WHERE enabled AND kind <> 'webhook' AND next_poll_at <= ${now} ${only}
                ORDER BY next_poll_at LIMIT 100 FOR UPDATE SKIP LOCKED) due
          WHERE c.tenant_id = due.tenant_id AND c.id = due.id RETURNING c.tenant_id, c.id`,
    );
    for (const row of claimed)
      await enqueue(tx, connectorPollJob, [{ connectorId: row.id, trigger: 'schedule' as const }], {
        tenantId: row.tenant_id,
      });
    return claimed.length;
  });
  if (claimed) wakeWorkers(ctx);
  return claimed;
}
