import type { TApiKeyResponse } from '@loopcx/shared';

/** An `api_keys` row as the key queries select it (never the hash). */
export interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  role: string;
  org_unit_id: string;
  scopes: string[] | null;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
}

/** The columns every key query selects, with `k` the `api_keys` alias. */
export const KEY_COLUMNS =
  'k.id, k.name, k.prefix, k.role, k.org_unit_id, k.scopes, k.created_at, k.last_used_at, k.revoked_at';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** An API key as the API answers it. */
export const presentApiKey = (k: KeyRow): TApiKeyResponse => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  role: k.role,
  orgUnitId: k.org_unit_id,
  scopes: k.scopes ?? null,
  createdAt: new Date(k.created_at).toISOString(),
  lastUsedAt: iso(k.last_used_at),
  revokedAt: iso(k.revoked_at),
});
