import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { getOrgUnit } from '../../org/queries/get-org-unit.ts';

/** A rule's scope as the API takes it. */
export interface RuleScopeInput {
  orgUnitId?: string;
  surveyIds?: string[];
  touchpointIds?: string[];
}

/** Scope references must exist in the tenant (422 naming the first that does not) and the unit lie in the caller's scope (404). */
export async function validateRuleScope(tx: Executor, actor: Actor, scope: RuleScopeInput): Promise<void> {
  if (scope.orgUnitId) await getOrgUnit(tx, actor, scope.orgUnitId);
  for (const [field, table, ids] of [
    ['surveyIds', 'surveys', scope.surveyIds],
    ['touchpointIds', 'touchpoints', scope.touchpointIds],
  ] as const) {
    for (const [i, id] of (ids ?? []).entries()) {
      const found = await one(
        tx,
        sql`SELECT 1 FROM ${sql.raw(table)} WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
      );
      if (!found) throw invalid(`scope.${field}.${i}`, 'not found in this organisation');
    }
  }
}
