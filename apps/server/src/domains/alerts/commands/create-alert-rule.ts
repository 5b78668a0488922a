import { randomUUID } from 'node:crypto';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import type { TAlertRuleCreate } from '../schema.ts';
import { validateRuleActions, validateRuleScope } from './validate-rule-scope.ts';

/** Creates a rule after checking its scope (the route has already checked a response rule's expression); returns the id. */
export async function createAlertRule(tx: Tx, actor: Actor, body: TAlertRuleCreate): Promise<string> {
  const id = randomUUID();
  await validateRuleScope(tx, actor, body.scope);
  await validateRuleActions(tx, actor, body.actions);
  await tx.execute(
    sql`INSERT INTO alert_rules (tenant_id, id, name, kind, enabled, scope, condition, actions, created_by)
      VALUES (${actor.tenantId}, ${id}, ${body.name}, ${body.kind}, ${body.enabled}, ${JSON.stringify(body.scope)}::jsonb,
              ${JSON.stringify(body.condition)}::jsonb, ${JSON.stringify(body.actions)}::jsonb, ${actor.id})`,
  );
  await audit(tx, actor, 'alert_rule.create', 'alert_rule', id, { name: body.name });
  return id;
}
