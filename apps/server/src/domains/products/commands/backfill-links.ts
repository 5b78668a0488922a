import type { AppContext } from '../../../platform/context.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { enqueue, type Job, wakeWorkers } from '../../../platform/jobs.ts';
import { backfillLinksJob } from '../jobs.ts';
import { productSettings } from '../settings.ts';
import { linkEventRows } from './link-events.ts';

/** Events per job: one short transaction (the live job's limit too), a few hundred ms on PGlite. */
export const BACKFILL_BATCH = 1000;

export type BackfillReason = 'product' | 'settings' | 'relink';

interface Cursor {
  t?: number;
  at?: string;
  id?: string;
}

interface RunRow {
  status: string;
  event_types: string[];
  cursor: Cursor;
  linked: Record<string, { orders: number; returns: number }>;
}

/**
 * Asks for the tenant's stored order and return events to be linked again (decision 80): when a product is created,
 * when the order/return types change, or on demand. In the caller's transaction, so the run exists exactly when the
 * change that needs it committed. A request while one is queued joins it (its reasons and products are added), so
 * a catalogue loaded product by product walks the history once after the current run, not once per product; the
 * queued run starts when none runs (`startNextBackfill`). Call `wakeWorkers` after commit.
 */
export async function requestBackfill(
  tx: Executor,
  tenantId: string,
  o: { reason: BackfillReason; productId?: string; by?: string | null; now: Date },
): Promise<void> {
  const products = `{${o.productId ?? ''}}`;
  await tx.execute(
    sql`INSERT INTO product_link_backfills AS b (tenant_id, id, status, reasons, product_ids, requested_by, requested_at)
        VALUES (${tenantId}, ${uuidv7(o.now.getTime())}, 'queued', ${`{${o.reason}}`}::text[], ${products}::uuid[],
                ${o.by ?? null}, ${o.now.toISOString()})
        ON CONFLICT (tenant_id, status) WHERE status IN ('queued','running') DO UPDATE SET
          reasons = ARRAY(SELECT DISTINCT unnest(b.reasons || excluded.reasons) ORDER BY 1),
          product_ids = ARRAY(SELECT DISTINCT unnest(b.product_ids || excluded.product_ids) ORDER BY 1),
          requested_by = coalesce(excluded.requested_by, b.requested_by)`,
  );
  await startNextBackfill(tx, tenantId, o.now);
}

/**
 * Starts the tenant's queued run when none is running (and resumes a running run whose job died, see below): fixes the event types it walks (the current order and return
 * types) and writes its first job. The unique index on open runs keeps it to one running run per tenant.
 */
export async function startNextBackfill(tx: Executor, tenantId: string, now: Date): Promise<boolean> {
  const running = await one<{ id: string; live: boolean }>(
    tx,
    sql`SELECT b.id, EXISTS (SELECT 1 FROM jobs j WHERE j.tenant_id = b.tenant_id AND j.kind = ${backfillLinksJob.kind}
                               AND j.dead_at IS NULL AND j.payload->>'runId' = b.id::text) AS live
        FROM product_link_backfills b WHERE b.tenant_id = ${tenantId} AND b.status = 'running' FOR UPDATE OF b`,
  );
  if (running) {
    // A run whose job chain died (its job failed until parked) would hold every later request in the queue: a new
    // request resumes it from its committed cursor instead.
    if (!running.live) await enqueue(tx, backfillLinksJob, [{ runId: running.id }], { tenantId });
    return !running.live;
  }
  const s = await productSettings(tx, tenantId);
  const types = [...new Set([...s.orderEventTypes, ...s.returnEventTypes])].sort();
  const started = await one<{ id: string }>(
    tx,
    sql`UPDATE product_link_backfills SET status = 'running', started_at = ${now.toISOString()},
          event_types = ${`{${types.join(',')}}`}::text[], cursor = '{}'::jsonb
        WHERE tenant_id = ${tenantId} AND status = 'queued' RETURNING id`,
  );
  if (!started) return false;
  await enqueue(tx, backfillLinksJob, [{ runId: started.id }], { tenantId });
  return true;
}

/**
 * Job `products.backfill-links` {runId}: links the next batch of the run's walk and chains the next job. The walk
 * goes type by type in (occurred_at, id) order on `events_type_time_idx`, the cursor committed with the batch, so a
 * run of millions of events is a chain of short transactions (the runner renews each job's lease while it works)
 * and a crash resumes where the last batch committed. The run row is locked for the batch: a duplicated job only
 * advances the same cursor. Linking is the live path's (`linkEventRows`: `ON CONFLICT DO NOTHING` on the
 * (event, product) key, holdings counted only for new links), so a backfill racing the live job, or run twice,
 * adds nothing twice. The last batch marks the run done and starts the queued one, if any.
 */
export async function runBackfillJob(ctx: AppContext, job: Job<{ runId: string }>) {
  const tenantId = job.tenantId;
  if (!tenantId) return;
  const more = await ctx.db.transaction((tx) => backfillBatch(tx, tenantId, job.payload.runId, ctx.clock.now()));
  if (more) wakeWorkers(ctx);
}

/** One batch of run `runId`; true when a next job was written (this run's or the next queued run's). */
export async function backfillBatch(tx: Executor, tenantId: string, runId: string, now: Date): Promise<boolean> {
  const run = await one<RunRow>(
    tx,
    sql`SELECT status, event_types, cursor, linked FROM product_link_backfills
        WHERE tenant_id = ${tenantId} AND id = ${runId} FOR UPDATE`,
  );
  if (run?.status !== 'running') return false;
  let { t = 0, at, id } = run.cursor;
  const linked = { ...run.linked };
  let scanned = 0;
  // Skips past types with no events left, so a batch always makes progress or finishes.
  while (t < run.event_types.length) {
    const after = at
      ? sql`AND occurred_at >= ${at}::timestamptz AND (occurred_at > ${at}::timestamptz OR id > ${id}::uuid)`
      : sql``;
    const batch = await rows<{ id: string; at: string }>(
      tx,
      sql`SELECT id, occurred_at::text AS at FROM events
          WHERE tenant_id = ${tenantId} AND type = ${run.event_types[t]} ${after}
          ORDER BY occurred_at, id LIMIT ${BACKFILL_BATCH}`,
    );
    scanned = batch.length;
    for (const l of await linkEventRows(
      tx,
      tenantId,
      batch.map((e) => e.id),
      now,
    )) {
      const c = linked[l.product_id] ?? { orders: 0, returns: 0 };
      linked[l.product_id] = l.kind === 'order' ? { ...c, orders: c.orders + 1 } : { ...c, returns: c.returns + 1 };
    }
    if (batch.length === BACKFILL_BATCH) {
      at = batch.at(-1)!.at;
      id = batch.at(-1)!.id;
      break;
    }
    t++;
    at = undefined;
    id = undefined;
    if (batch.length) break;
  }
  const done = t >= run.event_types.length;
  await tx.execute(
    sql`UPDATE product_link_backfills SET cursor = ${JSON.stringify({ t, at, id })}::jsonb, scanned = scanned + ${scanned},
          linked = ${JSON.stringify(linked)}::jsonb, status = ${done ? 'done' : 'running'},
          finished_at = ${done ? now.toISOString() : null}
        WHERE tenant_id = ${tenantId} AND id = ${runId}`,
  );
  if (!done) {
    await enqueue(tx, backfillLinksJob, [{ runId }], { tenantId });
    return true;
  }
  return startNextBackfill(tx, tenantId, now);
}
