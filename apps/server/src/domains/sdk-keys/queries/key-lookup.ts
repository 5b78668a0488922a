import { type Executor, one, sql } from '../../../platform/db.ts';

/** What the public ingest needs of a key: who it writes for, where its events land and what it allows. */
export interface PublicKey {
  tenantId: string;
  id: string;
  orgUnitId: string;
  orgPath: string;
  touchpointId: string | null;
  origins: Set<string>;
  types: Set<string>;
  revoked: boolean;
}

/**
 * Keys found, and strings that are no key, in separate maps: a flood of made-up keys fills (and clears) only the
 * second, so it never pushes the real keys out and makes every genuine request read the database again.
 */
const cache = new Map<string, { key: PublicKey; at: number }>();
const unknown = new Map<string, number>();
/** How long a node trusts what it read of a key; changes made on this node drop it at once (`forgetSdkKey`). */
const TTL_MS = 5000;
const MAX_CACHED = 10_000;
const MAX_UNKNOWN = 10_000;

/**
 * A key by its public string, cached for a few seconds per node (unknown keys too, so a flood of made-up keys costs
 * one read per key and node every 5 s). Revoking or editing a key drops it here at once; other nodes follow within
 * TTL_MS.
 */
export async function lookupPublicKey(ex: Executor, key: string): Promise<PublicKey | null> {
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.key;
  const miss = unknown.get(key);
  if (miss !== undefined && now - miss < TTL_MS) return null;
  const row = await one<{
    tenant_id: string;
    id: string;
    org_unit_id: string;
    path: string;
    touchpoint_id: string | null;
    allowed_origins: string[];
    allowed_event_types: string[];
    revoked: boolean;
  }>(
    ex,
    sql`SELECT k.tenant_id, k.id, k.org_unit_id, o.path, k.touchpoint_id, k.allowed_origins, k.allowed_event_types,
          k.revoked_at IS NOT NULL AS revoked
        FROM sdk_keys k JOIN org_units o ON o.tenant_id = k.tenant_id AND o.id = k.org_unit_id
        WHERE k.key = ${key}`,
  );
  const found: PublicKey | null = row
    ? {
        tenantId: row.tenant_id,
        id: row.id,
        orgUnitId: row.org_unit_id,
        orgPath: row.path,
        touchpointId: row.touchpoint_id,
        origins: new Set(row.allowed_origins),
        types: new Set(row.allowed_event_types),
        revoked: row.revoked,
      }
    : null;
  if (found) {
    unknown.delete(key);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, { key: found, at: now });
  } else {
    cache.delete(key);
    if (unknown.size >= MAX_UNKNOWN) unknown.clear();
    unknown.set(key, now);
  }
  return found;
}

/** Drops a key from this node's cache (after an edit or a revocation). */
export function forgetSdkKey(key: string) {
  cache.delete(key);
  unknown.delete(key);
}
