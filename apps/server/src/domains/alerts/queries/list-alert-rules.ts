import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { RULE_COLUMNS, type RuleRow } from '../presenter.ts';

/** Every alert rule of the caller's tenant, oldest first. */
export function listAlertRules(ex: Executor, actor: Actor): Promise<RuleRow[]> {
  return rows<RuleRow>(
    ex,
    sql`SELECT ${sql.raw(RULE_COLUMNS)} FROM alert_rules WHERE tenant_id = ${actor.tenantId} ORDER BY created_at`,
  );
}
