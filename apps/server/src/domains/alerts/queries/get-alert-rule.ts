import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { RULE_COLUMNS, type RuleRow } from '../presenter.ts';

/** One alert rule of the caller's tenant (rules are tenant-wide); 404 otherwise. */
export async function getAlertRule(ex: Executor, actor: Actor, id: string): Promise<RuleRow> {
  const r = await one<RuleRow>(
    ex,
    sql`SELECT ${sql.raw(RULE_COLUMNS)} FROM alert_rules WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  if (!r) throw notFound('Alert rule');
  return r;
}
