import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { pathUnder } from '../../org/scope.ts';
import { SDK_KEY_COLUMNS, type SdkKeyRow } from '../presenter.ts';

/** The keys whose unit lies in the caller's subtree, live ones first, newest first (a key's unit is its scope). */
export function listSdkKeys(ex: Executor, actor: Actor): Promise<SdkKeyRow[]> {
  return rows<SdkKeyRow>(
    ex,
    sql`SELECT ${sql.raw(SDK_KEY_COLUMNS)}
        FROM sdk_keys k JOIN org_units o ON o.tenant_id = k.tenant_id AND o.id = k.org_unit_id
        WHERE k.tenant_id = ${actor.tenantId} AND ${pathUnder('o', actor.orgPath)}
        ORDER BY (k.revoked_at IS NULL) DESC, k.created_at DESC`,
  );
}

/** One key in the caller's scope (404 for another tenant's, an out-of-scope one or an unknown id). */
export async function getSdkKey(ex: Executor, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}) {
  const row = await one<SdkKeyRow>(
    ex,
    sql`SELECT ${sql.raw(SDK_KEY_COLUMNS)}
        FROM sdk_keys k JOIN org_units o ON o.tenant_id = k.tenant_id AND o.id = k.org_unit_id
        WHERE k.tenant_id = ${actor.tenantId} AND k.id = ${id} AND ${pathUnder('o', actor.orgPath)}
        ${opts.forUpdate ? sql`FOR UPDATE OF k` : sql``}`,
  );
  if (!row) throw notFound('SDK key');
  return row;
}
