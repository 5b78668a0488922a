import type { Executor } from '../../../platform/db.ts';
import { rows, sql } from '../../../platform/db.ts';
import { enqueue } from '../../../platform/jobs.ts';
import type { WrittenEvent } from '../../../platform/module.ts';
import { linkEventsJob } from '../jobs.ts';
import { productSettings } from '../settings.ts';

/**
 * The event-write listener: in the transaction that stores events, writes one `products.link-events` job per
 * tenant for the events whose type is one of the tenant's order or return types — none for a tenant without
 * products. The job reads the events' properties after commit, so ingest never parses item lists.
 */
export async function queueProductLinks(tx: Executor, events: WrittenEvent[]): Promise<boolean> {
  const byTenant = new Map<string, WrittenEvent[]>();
  for (const e of events) byTenant.set(e.tenantId, [...(byTenant.get(e.tenantId) ?? []), e]);
  let queued = false;
  for (const [tenantId, list] of byTenant) {
    const any = await rows(tx, sql`SELECT 1 FROM products WHERE tenant_id = ${tenantId} LIMIT 1`);
    if (!any.length) continue;
    const s = await productSettings(tx, tenantId);
    const watched = new Set([...s.orderEventTypes, ...s.returnEventTypes]);
    const ids = list.filter((e) => watched.has(e.type)).map((e) => e.id);
    for (let i = 0; i < ids.length; i += 1000) {
      await enqueue(tx, linkEventsJob, [{ eventIds: ids.slice(i, i + 1000) }], { tenantId });
      queued = true;
    }
  }
  return queued;
}
