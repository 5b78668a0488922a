import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { getOrgUnit } from '../../org/queries/get-org-unit.ts';
import { pathUnder } from '../../org/scope.ts';

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

/** A rule's webhook must be an endpoint the caller can see (422 naming the field otherwise, whoever owns it). */
export async function validateRuleActions(
  tx: Executor,
  actor: Actor,
  actions: { notify?: { webhookId?: string } } | undefined,
): Promise<void> {
  const webhookId = actions?.notify?.webhookId;
  if (!webhookId) return;
  const found = await one(
    tx,
    sql`SELECT 1 FROM webhook_endpoints w JOIN org_units o ON o.tenant_id = w.tenant_id AND o.id = w.org_unit_id
        WHERE w.tenant_id = ${actor.tenantId} AND w.id = ${webhookId} AND ${pathUnder('o', actor.orgPath)}`,
  );
  if (!found) throw invalid('actions.notify.webhookId', 'no such webhook endpoint (see /webhooks)');
}
