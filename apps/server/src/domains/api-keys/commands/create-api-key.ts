import { randomUUID } from 'node:crypto';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { one, sql, type Tx } from '../../../platform/db.ts';
import { randomToken, sha256 } from '../../../platform/passwords.ts';
import { getOrgUnit } from '../../org/queries/get-org-unit.ts';
import type { KeyRow } from '../presenter.ts';

/** What a new key is: its name, its role and the unit whose subtree it may read (default: the caller's unit). */
export interface CreateApiKeyOptions {
  name: string;
  role: string;
  orgUnitId?: string;
  /** `<domain>:read|write` scopes; absent: the role's whole reach (as keys were before scopes). */
  scopes?: string[];
}

/**
 * Creates a key at a unit in the caller's scope (404 otherwise). Only the key's sha256 is stored, so the plain
 * key is returned here once and never again.
 */
export async function createApiKey(
  tx: Tx,
  actor: Actor,
  opts: CreateApiKeyOptions,
): Promise<{ row: KeyRow; key: string }> {
  const id = randomUUID();
  const key = `lcx_${randomToken(30)}`;
  // An empty list is a key that may call nothing but GET /me; sorted and unique so the stored form is canonical.
  const scopes = opts.scopes ? [...new Set(opts.scopes)].sort() : null;
  const unit = await getOrgUnit(tx, actor, opts.orgUnitId ?? actor.orgUnitId);
  const row = await one<KeyRow>(
    tx,
    sql`INSERT INTO api_keys (tenant_id, id, name, prefix, key_hash, role, org_unit_id, created_by, scopes)
      VALUES (${actor.tenantId}, ${id}, ${opts.name}, ${key.slice(0, 10)}, ${sha256(key)}, ${opts.role}, ${unit.id}, ${actor.id},
        ${
          scopes === null
            ? null
            : sql`ARRAY[${sql.join(
                scopes.map((x) => sql`${x}`),
                sql`, `,
              )}]::text[]`
        })
      RETURNING id, name, prefix, role, org_unit_id, scopes, created_at, last_used_at, revoked_at`,
  );
  await audit(tx, actor, 'api_key.create', 'api_key', id, {
    name: opts.name,
    role: opts.role,
    scopes,
    orgUnitId: unit.id,
  });
  return { row: row!, key };
}
