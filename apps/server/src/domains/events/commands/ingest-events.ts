import type { TEventBatchResponse } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { wakeWorkers } from '../../../platform/jobs.ts';
import { inTransaction } from '../../../platform/routing.ts';
import { afterEventsWritten } from '../../registry.ts';
import { type PreparedEvent, prepareEvents } from '../prepare.ts';
import { type EventWriteResult, publishCommitted, writeEvents } from '../writer.ts';

/** Most events per batch request (and per import transaction). */
export const MAX_BATCH = 5000;

/**
 * Validates and stores events for one actor: invalid items are reported with their field errors and never
 * stop the valid ones, which are written (rows + rollups) in one transaction. With `dryRun` everything runs,
 * duplicates included, and the transaction is rolled back.
 */
export async function ingestEvents(
  ctx: AppContext,
  actor: Actor,
  raw: unknown[],
  opts: { prefix: string; source: string; dryRun?: boolean },
): Promise<EventWriteResult[]> {
  const prepared = await prepareEvents(ctx, actor, raw, opts);
  const results: EventWriteResult[] = new Array(raw.length);
  const good: PreparedEvent[] = [];
  const indexes: number[] = [];
  prepared.forEach((p, i) => {
    if ('errors' in p) results[i] = { status: 'invalid', errors: p.errors };
    else {
      good.push(p.item);
      indexes.push(i);
    }
  });
  if (good.length) {
    let queued = false;
    const written = await inTransaction(
      ctx,
      async (tx) => {
        const out = await writeEvents(tx, good, { prefix: opts.prefix, indexes });
        // Listeners (Reach's trigger rules) write their jobs here and run after commit: ingest never waits for them.
        queued = await afterEventsWritten(
          tx,
          good.filter((_, j) => out[j].status === 'created'),
        );
        return out;
      },
      { dryRun: opts.dryRun },
    );
    written.forEach((w, j) => {
      results[indexes[j]] = w;
    });
    if (!opts.dryRun) {
      publishCommitted(ctx, good, written);
      if (queued) wakeWorkers(ctx);
    }
  }
  return results;
}

/** A batch request's answer: how many items were created, duplicates or invalid, and each item's result in order. */
export async function ingestEventBatch(ctx: AppContext, actor: Actor, raw: unknown[]): Promise<TEventBatchResponse> {
  const results = await ingestEvents(ctx, actor, raw, { prefix: 'events', source: 'api' });
  const count = (s: string) => results.filter((r) => r.status === s).length;
  return { created: count('created'), duplicates: count('duplicate'), invalid: count('invalid'), results };
}
