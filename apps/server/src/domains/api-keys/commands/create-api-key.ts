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
  const unit = await getOrgUnit(tx, actor, opts.orgUnitId ?? actor.orgUnitId);
  const row = await one<KeyRow>(
    tx,
    sql`INSERT INTO api_keys (tenant_id, id, name, prefix, key_hash, role, org_unit_id, created_by)
      VALUES (${actor.tenantId}, ${id}, ${opts.name}, ${key.slice(0, 10)}, ${sha256(key)}, ${opts.role}, ${unit.id}, ${actor.id})
      RETURNING id, name, prefix, role, org_unit_id, created_at, last_used_at, revoked_at`,
  );
  await audit(tx, actor, 'api_key.create', 'api_key', id, { name: opts.name, role: opts.role });
  return { row: row!, key };
}
