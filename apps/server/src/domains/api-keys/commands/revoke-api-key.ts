import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { one, sql, type Tx } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { pathUnder } from '../../org/scope.ts';

/**
 * Revokes a key whose unit lies in the caller's subtree (404 otherwise; revoking twice keeps the first time). Keys are
 * read on every request (platform/auth.ts), so every node refuses it from the commit on.
 */
export async function revokeApiKey(tx: Tx, actor: Actor, id: string): Promise<void> {
  const k = await one<{ key_hash: string; name: string; role: string; was_revoked: string | null }>(
    tx,
    sql`UPDATE api_keys k SET revoked_at = coalesce(k.revoked_at, now())
      FROM org_units o WHERE o.tenant_id = k.tenant_id AND o.id = k.org_unit_id
        AND k.tenant_id = ${actor.tenantId} AND k.id = ${id} AND ${pathUnder('o', actor.orgPath)}
      RETURNING k.key_hash, k.name, k.role,
        (SELECT revoked_at::text FROM api_keys p WHERE p.tenant_id = k.tenant_id AND p.id = k.id) AS was_revoked`,
  );
  if (!k) throw notFound('API key');
  await audit(
    tx,
    actor,
    'api_key.revoke',
    'api_key',
    id,
    { name: k.name, role: k.role, revoked: true },
    { name: k.name, role: k.role, revoked: k.was_revoked !== null },
  );
}
