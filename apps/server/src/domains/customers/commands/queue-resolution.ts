import type { AppContext } from '../../../platform/context.ts';
import { enqueue, wakeWorkers } from '../../../platform/jobs.ts';
import { customersResolveJob } from '../jobs.ts';

/**
 * The response listener of the customers domain: committed responses are resolved in `customers.resolve` jobs of
 * at most 2,000 ids, so resolution hangs off the response writer's one outbox job instead of adding anything to
 * the ingest statement.
 */
export async function queueResolution(c: AppContext, tenantId: string, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 2000)
    await enqueue(c.db, customersResolveJob, [{ source: 'responses', ids: ids.slice(i, i + 2000) }], { tenantId });
  wakeWorkers(c);
}
