import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { TAG_RULE_COLUMNS, type TagRuleRow } from '../rule-presenter.ts';

/** One tag rule of the tenant (rules are tenant-wide); 404 otherwise. */
export async function loadTagRule(ex: Executor, tenantId: string, id: string): Promise<TagRuleRow> {
  const r = await one<TagRuleRow>(
    ex,
    sql`SELECT ${TAG_RULE_COLUMNS} FROM customer_tag_rules WHERE tenant_id = ${tenantId} AND id = ${id}`,
  );
  if (!r) throw notFound('Tag rule');
  return r;
}

/** Every tag rule of the tenant, by tag. */
export function listTagRules(ex: Executor, tenantId: string): Promise<TagRuleRow[]> {
  return rows<TagRuleRow>(
    ex,
    sql`SELECT ${TAG_RULE_COLUMNS} FROM customer_tag_rules WHERE tenant_id = ${tenantId} ORDER BY tag`,
  );
}
