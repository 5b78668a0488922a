import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { pathUnder } from '../../org/scope.ts';
import { KEY_COLUMNS, type KeyRow } from '../presenter.ts';

/** The keys whose unit lies in the caller's subtree, newest first (a key's unit is its scope). */
export function listApiKeys(ex: Executor, actor: Actor): Promise<KeyRow[]> {
  return rows<KeyRow>(
    ex,
    sql`SELECT ${sql.raw(KEY_COLUMNS)}
        FROM api_keys k JOIN org_units o ON o.tenant_id = k.tenant_id AND o.id = k.org_unit_id
        WHERE k.tenant_id = ${actor.tenantId} AND ${pathUnder('o', actor.orgPath)}
        ORDER BY k.created_at DESC`,
  );
}
