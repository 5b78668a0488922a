import { randomUUID } from 'node:crypto';
import type { TResponseExportOptions } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { sql } from '../../../platform/db.ts';
import { enqueue, wakeWorkers } from '../../../platform/jobs.ts';
import { responsesExportJob } from '../jobs.ts';
import { type ResponseFilters, responseScope } from '../queries/list-responses.ts';

/**
 * Queues an export of the filtered responses: the filters (and the unit's scope) are checked now, not in the job;
 * the export row and its job are written in one transaction. Returns the export id.
 */
export async function requestExport(
  ctx: AppContext,
  actor: Actor,
  format: 'csv' | 'xlsx',
  filters: ResponseFilters,
  options: Partial<TResponseExportOptions> = {},
): Promise<string> {
  await responseScope(ctx.db, actor, filters);
  const id = randomUUID();
  await ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`INSERT INTO exports (tenant_id, id, format, filters, actor, created_by) VALUES (${actor.tenantId}, ${id}, ${format}, ${JSON.stringify(filters)}::jsonb, ${JSON.stringify(actor)}::jsonb, ${actor.id})`,
    );
    await enqueue(tx, responsesExportJob, [{ exportId: id, options }], { tenantId: actor.tenantId });
  });
  wakeWorkers(ctx);
  return id;
}
