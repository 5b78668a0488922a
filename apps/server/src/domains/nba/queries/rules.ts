import { type TNbaRule, ZNbaAction, ZNbaCondition, ZNbaOutcome } from '@loopcx/shared';
import { z } from 'zod';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';

export interface RuleRow {
  id: string;
  name: string;
  priority: number;
  enabled: boolean;
  conditions: unknown;
  action: unknown;
  holdout_pct: number;
  outcome: unknown;
  cooldown_days: number;
  created_at: string | Date;
  updated_at: string | Date;
}

const COLUMNS = sql`id, name, priority, enabled, conditions, action, holdout_pct, outcome, cooldown_days, created_at, updated_at`;
const iso = (d: string | Date) => (d instanceof Date ? d : new Date(d)).toISOString();
const ZConditions = z.array(ZNbaCondition);

/** A rule as the API shows it; the jsonb columns are parsed, so defaults of older rows are filled in. */
export function presentRule(r: RuleRow): TNbaRule {
  return {
    id: r.id,
    name: r.name,
    priority: Number(r.priority),
    enabled: r.enabled,
    conditions: ZConditions.parse(r.conditions),
    action: ZNbaAction.parse(r.action),
    holdoutPct: Number(r.holdout_pct),
    outcome: ZNbaOutcome.parse(r.outcome),
    cooldownDays: Number(r.cooldown_days),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/** The tenant's rules in priority order (rules are tenant-wide, like segments and tag rules). */
export async function listRules(ex: Executor, tenantId: string, opts: { enabledOnly?: boolean } = {}) {
  const list = await rows<RuleRow>(
    ex,
    sql`SELECT ${COLUMNS} FROM nba_rules WHERE tenant_id = ${tenantId} ${opts.enabledOnly ? sql`AND enabled` : sql``}
        ORDER BY priority, id`,
  );
  return list.map(presentRule);
}

/** One rule of the tenant; another tenant's id is a 404. */
export async function getRule(ex: Executor, tenantId: string, id: string, opts: { forUpdate?: boolean } = {}) {
  const r = await one<RuleRow>(
    ex,
    sql`SELECT ${COLUMNS} FROM nba_rules WHERE tenant_id = ${tenantId} AND id = ${id} ${opts.forUpdate ? sql`FOR UPDATE` : sql``}`,
  );
  if (!r) throw notFound('Rule');
  return presentRule(r);
}
