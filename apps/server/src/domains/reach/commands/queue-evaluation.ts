import { type Executor, rows, sql } from '../../../platform/db.ts';
import { enqueue } from '../../../platform/jobs.ts';
import { reachEvaluateJob } from '../jobs.ts';

/**
 * Called in the transaction that stores events (API ingest, `ticket.closed`): writes one `reach.evaluate` job per
 * tenant for the events a trigger could fire on — those with a customer and a type some enabled trigger watches.
 * One indexed lookup of the watched types; no job at all for a tenant without triggers. Returns whether a job was
 * written (the caller wakes workers after commit).
 */
export async function queueTriggerEvaluation(
  tx: Executor,
  events: Array<{ tenantId: string; id: string; type: string; customerRef: string | null }>,
): Promise<boolean> {
  const byTenant = new Map<string, typeof events>();
  for (const e of events) if (e.customerRef) byTenant.set(e.tenantId, [...(byTenant.get(e.tenantId) ?? []), e]);
  let queued = false;
  for (const [tenantId, list] of byTenant) {
    const watched = new Set(
      (
        await rows<{ event_type: string }>(
          tx,
          sql`SELECT DISTINCT event_type FROM reach_triggers WHERE tenant_id = ${tenantId} AND enabled`,
        )
      ).map((r) => r.event_type),
    );
    const ids = list.filter((e) => watched.has(e.type)).map((e) => e.id);
    for (let i = 0; i < ids.length; i += 1000) {
      await enqueue(tx, reachEvaluateJob, [{ eventIds: ids.slice(i, i + 1000) }], { tenantId });
      queued = true;
    }
  }
  return queued;
}
