import { roleCan, type TAlertRuleResponse, type TRole } from '@loopcx/shared';

/** An `alert_rules` row as the rule queries select it. */
export interface RuleRow {
  id: string;
  name: string;
  kind: 'response' | 'metric' | 'feedback';
  enabled: boolean;
  scope: Record<string, unknown>;
  condition: Record<string, unknown>;
  actions: Record<string, unknown>;
  created_at: Date | string;
  updated_at: Date | string;
}

/** The columns every rule query selects. */
export const RULE_COLUMNS = 'id, name, kind, enabled, scope, condition, actions, created_at, updated_at';

/**
 * An alert rule's actions for a role without `alerts.targets.read`: email recipients and the webhook URL are
 * replaced by counts/flags, so a store manager learns that a rule notifies, not whom or where.
 */
function redactTargets(actions: Record<string, unknown>): Record<string, unknown> {
  const notify = actions.notify as { emails?: unknown[]; webhookId?: string } | undefined;
  if (!notify) return actions;
  const { emails, webhookId, ...rest } = notify;
  return {
    ...actions,
    notify: { ...rest, emails: [], emailCount: emails?.length ?? 0, webhook: !!webhookId, redacted: true },
  };
}

/** An alert rule as the API answers it; targets redacted unless the caller's role may read them. */
export const presentRule = (r: RuleRow, actor?: { role: TRole }): TAlertRuleResponse => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  enabled: r.enabled,
  scope: r.scope,
  condition: r.condition,
  actions: actor && !roleCan(actor.role, 'alerts.targets.read') ? redactTargets(r.actions) : r.actions,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});
