import type { SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/auth.ts';
import { sql } from '../../platform/db.ts';
import { pathUnder } from '../org/scope.ts';

/**
 * The actions a caller may see, as a condition on `improvement_actions <alias>`: the caller's tenant, and at least
 * one of the action's units in the caller's subtree (an action over several regions is visible in each).
 */
export function actionScope(actor: Actor, alias = 'a'): SQL {
  const a = sql.raw(alias);
  return sql`${a}.tenant_id = ${actor.tenantId}
    AND EXISTS (SELECT 1 FROM org_units o WHERE o.tenant_id = ${a}.tenant_id AND o.id = ANY(${a}.org_unit_ids) AND ${pathUnder('o', actor.orgPath)})`;
}
