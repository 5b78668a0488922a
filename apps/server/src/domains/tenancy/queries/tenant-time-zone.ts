import { type Executor, one, sql } from '../../../platform/db.ts';

/**
 * The tenant's IANA time zone, whose calendar days every period, rollup day and "today" are counted in
 * (`@loopcx/shared` `dayIn`, `lastDays`; in SQL `(instant AT TIME ZONE tz)::date` and
 * `(day::timestamp AT TIME ZONE tz)` for the instant a day starts).
 */
export async function tenantTimeZone(ex: Executor, tenantId: string): Promise<string> {
  return (
    (await one<{ timezone: string }>(ex, sql`SELECT timezone FROM tenants WHERE id = ${tenantId}`))?.timezone ?? 'UTC'
  );
}

const cache = new Map<string, { tz: string; loadedAt: number }>();
/** How long a node trusts a cached zone: a change made through another node reaches this one within it. */
const TTL_MS = 60_000;

/** `tenantTimeZone` cached per node for the ingest path (every response's rollup day needs it). */
export async function cachedTenantTimeZone(ex: Executor, tenantId: string): Promise<string> {
  const hit = cache.get(tenantId);
  if (hit && performance.now() - hit.loadedAt < TTL_MS) return hit.tz;
  const tz = await tenantTimeZone(ex, tenantId);
  cache.set(tenantId, { tz, loadedAt: performance.now() });
  return tz;
}

/** Drops a tenant's cached zone (PATCH /tenant changed it on this node). */
export function forgetTenantTimeZone(tenantId: string) {
  cache.delete(tenantId);
}
