import type { z } from 'zod';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { checkCondition } from '../condition.ts';
import { getAlertRule } from '../queries/get-alert-rule.ts';
import { type ZAlertRuleUpdate, ZFeedbackCondition, ZMetricCondition, ZResponseCondition } from '../schema.ts';
import { validateRuleActions, validateRuleScope } from './validate-rule-scope.ts';

/**
 * Changes a rule. A new condition is validated against the rule's kind (which never changes), so the 422 names
 * the condition's fields; a new scope is checked like on creation.
 */
export async function updateAlertRule(
  tx: Tx,
  actor: Actor,
  id: string,
  body: z.infer<typeof ZAlertRuleUpdate>,
): Promise<void> {
  const rule = await getAlertRule(tx, actor, id);
  let condition = rule.condition;
  if (body.condition) {
    const schema =
      rule.kind === 'response' ? ZResponseCondition : rule.kind === 'feedback' ? ZFeedbackCondition : ZMetricCondition;
    const parsed = schema.safeParse(body.condition);
    if (!parsed.success) {
      throw new AppError('invalid', 'The condition is not valid', {
        invalidParams: parsed.error.issues.map((i) => ({
          name: ['condition', ...i.path].join('.'),
          reason: i.message,
        })),
      });
    }
    condition = parsed.data as Record<string, unknown>;
    if (rule.kind === 'response') checkCondition((condition as { expression: string }).expression);
  }
  if (body.scope) await validateRuleScope(tx, actor, body.scope);
  if (body.actions) await validateRuleActions(tx, actor, body.actions);
  await tx.execute(
    sql`UPDATE alert_rules SET name = ${body.name ?? rule.name}, enabled = ${body.enabled ?? rule.enabled},
          scope = ${JSON.stringify(body.scope ?? rule.scope)}::jsonb, condition = ${JSON.stringify(condition)}::jsonb,
          actions = ${JSON.stringify(body.actions ?? rule.actions)}::jsonb, updated_at = now()
        WHERE tenant_id = ${actor.tenantId} AND id = ${rule.id}`,
  );
  const before = {
    name: rule.name,
    enabled: rule.enabled,
    scope: rule.scope,
    condition: rule.condition,
    actions: rule.actions,
  };
  await audit(
    tx,
    actor,
    'alert_rule.update',
    'alert_rule',
    rule.id,
    {
      name: body.name ?? rule.name,
      enabled: body.enabled ?? rule.enabled,
      scope: body.scope ?? rule.scope,
      condition,
      actions: body.actions ?? rule.actions,
    },
    before,
  );
}
