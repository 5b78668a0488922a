import type { TProductBackfill } from '@loopcx/shared';
import { type Actor, atTenantRoot } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/**
 * The backfill a product page shows: a queued run this product asked for (it will link its past orders), else the
 * running one (it links every product it reaches), else a queued one, else the latest it asked for, else the
 * latest. Runs are per tenant; the
 * counts are this product's links across the tenant, so only a tenant-root caller sees them.
 */
export async function productBackfill(ex: Executor, actor: Actor, productId: string): Promise<TProductBackfill | null> {
  const r = await one<{
    id: string;
    status: TProductBackfill['status'];
    reasons: TProductBackfill['reasons'];
    scanned: string | number;
    linked: Record<string, { orders: number; returns: number }>;
    requested_at: Date | string;
    started_at: Date | string | null;
    finished_at: Date | string | null;
  }>(
    ex,
    sql`SELECT id, status, reasons, scanned, linked, requested_at, started_at, finished_at FROM product_link_backfills
        WHERE tenant_id = ${actor.tenantId}
        ORDER BY CASE WHEN status = 'queued' AND ${productId}::uuid = ANY(product_ids) THEN 0
                      WHEN status = 'running' THEN 1 WHEN status = 'queued' THEN 2
                      WHEN ${productId}::uuid = ANY(product_ids) THEN 3 ELSE 4 END, requested_at DESC
        LIMIT 1`,
  );
  if (!r) return null;
  const root = atTenantRoot(actor);
  const mine = r.linked[productId];
  return {
    id: r.id,
    status: r.status,
    reasons: r.reasons,
    scanned: root ? Number(r.scanned) : null,
    orders: root ? (mine?.orders ?? 0) : null,
    returns: root ? (mine?.returns ?? 0) : null,
    requestedAt: iso(r.requested_at)!,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
  };
}
