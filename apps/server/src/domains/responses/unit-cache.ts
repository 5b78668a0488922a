import type { AppContext } from '../../platform/context.ts';
import { rows, sql } from '../../platform/db.ts';

interface Units {
  byId: Map<string, { id: string; path: string; code: string; status: string }>;
  byCode: Map<string, { id: string; path: string; code: string; status: string }>;
  at: number;
}

const cache = new Map<string, Units>();
const TTL_MS = 10_000;

/**
 * A tenant's org units for the ingest path (ids, codes, paths), refreshed every few seconds and on a miss,
 * so a hot ingest does not query the unit tree per request.
 */
export async function tenantUnits(ctx: AppContext, tenantId: string, opts: { refresh?: boolean } = {}): Promise<Units> {
  const hit = cache.get(tenantId);
  if (hit && !opts.refresh && Date.now() - hit.at < TTL_MS) return hit;
  const list = await rows<{ id: string; path: string; code: string; status: string }>(
    ctx.db,
    sql`SELECT id, path, code, status FROM org_units WHERE tenant_id = ${tenantId}`,
  );
  const units: Units = {
    byId: new Map(list.map((u) => [u.id, u])),
    byCode: new Map(list.map((u) => [u.code, u])),
    at: Date.now(),
  };
  cache.set(tenantId, units);
  return units;
}

/** Looks a unit up by id or code, refreshing the cache once on a miss (a unit created seconds ago). */
export async function findUnit(ctx: AppContext, tenantId: string, ref: { id?: string; code?: string }) {
  for (const refresh of [false, true]) {
    const u = await tenantUnits(ctx, tenantId, { refresh });
    const found = ref.id ? u.byId.get(ref.id) : ref.code ? u.byCode.get(ref.code) : undefined;
    if (found) return found;
  }
  return undefined;
}
