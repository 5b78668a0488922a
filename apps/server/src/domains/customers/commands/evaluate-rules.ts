import { type TCompareOp, type TMeasure, type TTierScheme, ZMeasure } from '@loopcx/shared';
import type { AppContext } from '../../../platform/context.ts';
import { one, rows, sql } from '../../../platform/db.ts';
import { compare, measureQuery } from '../measures.ts';
import { applyGroupChanges, lockTenant } from './group-rollups.ts';

interface TagRuleRow {
  id: string;
  tag: string;
  measure: TMeasure;
  op: TCompareOp;
  value: number;
}

/**
 * Evaluates a tenant's enabled tag rules: every live profile whose measure compares true carries the rule's tag
 * (source 'rule'); profiles that no longer qualify lose it. Manual tags are never touched. Returns per rule how
 * many customers carry the tag.
 */
export async function evaluateTagRules(ctx: AppContext, tenantId: string, ruleId?: string) {
  const now = ctx.clock.now();
  const rules = await rows<TagRuleRow>(
    ctx.db,
    sql`SELECT id, tag, measure, op, value FROM customer_tag_rules WHERE tenant_id = ${tenantId} AND enabled ${ruleId ? sql`AND id = ${ruleId}` : sql``} ORDER BY tag`,
  );
  const out: Array<{ ruleId: string; tag: string; count: number }> = [];
  for (const rule of rules) {
    const measure = ZMeasure.parse(rule.measure);
    // A customer without events has measure 0: "fewer than 2 orders" includes them.
    const zeroQualifies = measure.kind === 'events' && compareNumbers(0, rule.op, rule.value);
    const qualifying = zeroQualifies
      ? sql`SELECT c.id AS customer_id FROM customers c LEFT JOIN (${measureQuery(tenantId, measure, now)}) m ON m.customer_id = c.id
            WHERE c.tenant_id = ${tenantId} AND c.merged_into IS NULL AND ${compare(sql`coalesce(m.v, 0)`, rule.op, Number(rule.value))}`
      : sql`SELECT m.customer_id FROM (${measureQuery(tenantId, measure, now)}) m JOIN customers c ON c.tenant_id = ${tenantId} AND c.id = m.customer_id
            WHERE c.merged_into IS NULL AND ${compare(sql`m.v`, rule.op, Number(rule.value))}`;
    // One statement: the rule's tag goes from customers not in the hit set and comes to those in it.
    const hit = await one<{ n: number }>(
      ctx.db,
      sql`WITH h AS (${qualifying}),
          del AS (DELETE FROM customer_tags t WHERE t.tenant_id = ${tenantId} AND t.source = 'rule' AND t.tag = ${rule.tag}
                    AND NOT EXISTS (SELECT 1 FROM h WHERE h.customer_id = t.customer_id) RETURNING 1),
          ins AS (INSERT INTO customer_tags (tenant_id, customer_id, tag, source, rule_id, created_at)
                  SELECT ${tenantId}::uuid, h.customer_id, ${rule.tag}, 'rule', ${rule.id}::uuid, ${now.toISOString()}::timestamptz FROM h ORDER BY h.customer_id
                  ON CONFLICT (tenant_id, customer_id, tag, source) DO NOTHING RETURNING 1)
          SELECT (SELECT count(*) FROM h)::int AS n, (SELECT count(*) FROM del)::int AS removed, (SELECT count(*) FROM ins)::int AS added`,
    );
    const n = Number(hit?.n ?? 0);
    await ctx.db.execute(
      sql`UPDATE customer_tag_rules SET last_run_at = ${now.toISOString()}, last_count = ${n} WHERE tenant_id = ${tenantId} AND id = ${rule.id}`,
    );
    out.push({ ruleId: rule.id, tag: rule.tag, count: n });
  }
  return out;
}

function compareNumbers(a: number, op: TCompareOp, b: number): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'neq':
      return a !== b;
    case 'gt':
      return a > b;
    case 'gte':
      return a >= b;
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
  }
}

/**
 * Assigns every live profile the first tier (highest minimum first) its measure reaches; profiles below every
 * minimum get no tier. Only changed rows are written, and only the changed customers' responses move between the
 * tiers' score rollups. Returns the count per tier and how many changed.
 */
export async function evaluateTiers(ctx: AppContext, tenantId: string) {
  const scheme = await one<{ measure: TMeasure; tiers: TTierScheme['tiers'] }>(
    ctx.db,
    sql`SELECT measure, tiers FROM customer_tier_schemes WHERE tenant_id = ${tenantId}`,
  );
  if (!scheme) return undefined;
  const now = ctx.clock.now();
  const tiers = [...scheme.tiers].sort((a, b) => b.min - a.min);
  const cases = sql.join(
    tiers.map((t) => sql`WHEN coalesce(m.v, 0) >= ${t.min}::float8 THEN ${t.name}::text`),
    sql` `,
  );
  const changed = await ctx.db.transaction(async (tx) => {
    await lockTenant(tx, tenantId);
    const list = await rows<{ id: string; old: string | null; new: string | null }>(
      tx,
      sql`WITH m AS (${measureQuery(tenantId, ZMeasure.parse(scheme.measure), now)}),
          t AS (SELECT c.id, c.tier AS old, CASE ${cases} END AS new FROM customers c LEFT JOIN m ON m.customer_id = c.id
                WHERE c.tenant_id = ${tenantId} AND c.merged_into IS NULL),
          u AS (UPDATE customers c SET tier = t.new FROM t WHERE c.tenant_id = ${tenantId} AND c.id = t.id AND t.old IS DISTINCT FROM t.new RETURNING c.id, t.old, t.new)
          SELECT id, old, new FROM u`,
    );
    await applyGroupChanges(tx, tenantId, {
      left: list.filter((r) => r.old).map((r) => ({ customerId: r.id, groupKey: `tier:${r.old}` })),
      joined: list.filter((r) => r.new).map((r) => ({ customerId: r.id, groupKey: `tier:${r.new}` })),
    });
    await tx.execute(
      sql`UPDATE customer_tier_schemes SET last_run_at = ${now.toISOString()} WHERE tenant_id = ${tenantId}`,
    );
    return list.length;
  });
  const counts = await rows<{ tier: string | null; n: number }>(
    ctx.db,
    sql`SELECT tier, count(*)::int AS n FROM customers WHERE tenant_id = ${tenantId} AND merged_into IS NULL GROUP BY tier ORDER BY tier`,
  );
  return { changed, tiers: counts.map((c) => ({ tier: c.tier, count: Number(c.n) })) };
}
