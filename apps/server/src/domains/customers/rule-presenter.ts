import type { TMeasure, TTagRuleResponse } from '@loopcx/shared';
import { sql } from '../../platform/db.ts';
import { iso } from './queries/get-customer.ts';

/** A `customer_tag_rules` row. */
export interface TagRuleRow {
  id: string;
  tag: string;
  name: string | null;
  measure: TMeasure;
  op: string;
  value: number;
  enabled: boolean;
  last_run_at: string | Date | null;
  last_count: number | null;
}

/** The columns every tag-rule query selects. */
export const TAG_RULE_COLUMNS = sql`id, tag, name, measure, op, value, enabled, last_run_at, last_count`;

/** A tag rule as the API answers it. */
export const presentTagRule = (r: TagRuleRow): TTagRuleResponse => ({
  id: r.id,
  tag: r.tag,
  name: r.name,
  measure: r.measure,
  op: r.op,
  value: Number(r.value),
  enabled: r.enabled,
  lastRunAt: iso(r.last_run_at),
  lastCount: r.last_count,
});
