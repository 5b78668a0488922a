import { type TMeasure, ZTagRule, ZTierScheme } from '@loopcx/shared';
import { z } from 'zod';
import { audit } from '../../platform/audit.ts';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { type Executor, one, rows, sql } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { evaluateTagRules, evaluateTiers } from './commands/evaluate-rules.ts';
import { iso } from './queries/get-customer.ts';

const tags = ['customers'];

interface RuleRow {
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

const present = (r: RuleRow) => ({
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
const COLUMNS = sql`id, tag, name, measure, op, value, enabled, last_run_at, last_count`;

async function loadRule(ex: Executor, tenantId: string, id: string) {
  const r = await one<RuleRow>(
    ex,
    sql`SELECT ${COLUMNS} FROM customer_tag_rules WHERE tenant_id = ${tenantId} AND id = ${id}`,
  );
  if (!r) throw notFound('Tag rule');
  return r;
}

/** Rule-based tags and the value-tier scheme, each evaluated by the scheduled job and on demand. */
export async function ruleRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/customers/tag-rules',
    { schema: { tags, summary: 'Rule-based tags (e.g. gold when orders in 90 days ≥ 10)' } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.read');
      return {
        items: (
          await rows<RuleRow>(
            ctx.db,
            sql`SELECT ${COLUMNS} FROM customer_tag_rules WHERE tenant_id = ${actor.tenantId} ORDER BY tag`,
          )
        ).map(present),
      };
    },
  );

  r.post(
    '/customers/tag-rules',
    { schema: { tags, summary: 'Create a tag rule; it is evaluated at once', body: ZTagRule } },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      const id = uuidv7(ctx.clock.now().getTime());
      const b = req.body;
      await inTransaction(ctx, async (tx) => {
        await tx.execute(
          sql`INSERT INTO customer_tag_rules (tenant_id, id, tag, name, measure, op, value, enabled)
            VALUES (${actor.tenantId}, ${id}, ${b.tag}, ${b.name ?? null}, ${JSON.stringify(b.measure)}::jsonb, ${b.op}, ${b.value}, ${b.enabled})`,
        );
        await audit(tx, actor, 'tag-rule.create', 'tag-rule', id, b);
      });
      if (b.enabled) await evaluateTagRules(ctx, actor.tenantId, id);
      return reply.code(201).send(present(await loadRule(ctx.db, actor.tenantId, id)));
    },
  );

  r.put(
    '/customers/tag-rules/:id',
    { schema: { tags, summary: 'Change a tag rule; it is evaluated at once', params: ZIdParams, body: ZTagRule } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      const b = req.body;
      await inTransaction(ctx, async (tx) => {
        const old = await loadRule(tx, actor.tenantId, req.params.id);
        // The old tag's rule-sourced labels go; the rule re-tags under its (possibly new) tag below.
        if (old.tag !== b.tag || !b.enabled)
          await tx.execute(
            sql`DELETE FROM customer_tags WHERE tenant_id = ${actor.tenantId} AND source = 'rule' AND tag = ${old.tag}`,
          );
        await tx.execute(
          sql`UPDATE customer_tag_rules SET tag = ${b.tag}, name = ${b.name ?? null}, measure = ${JSON.stringify(b.measure)}::jsonb, op = ${b.op}, value = ${b.value},
              enabled = ${b.enabled}, updated_at = now() WHERE tenant_id = ${actor.tenantId} AND id = ${req.params.id}`,
        );
        await audit(tx, actor, 'tag-rule.update', 'tag-rule', req.params.id, b);
      });
      if (b.enabled) await evaluateTagRules(ctx, actor.tenantId, req.params.id);
      return present(await loadRule(ctx.db, actor.tenantId, req.params.id));
    },
  );

  r.delete(
    '/customers/tag-rules/:id',
    { schema: { tags, summary: 'Delete a tag rule and the tags it set (manual tags stay)', params: ZIdParams } },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      await inTransaction(ctx, async (tx) => {
        const old = await loadRule(tx, actor.tenantId, req.params.id);
        await tx.execute(
          sql`DELETE FROM customer_tags WHERE tenant_id = ${actor.tenantId} AND source = 'rule' AND tag = ${old.tag}`,
        );
        await tx.execute(sql`DELETE FROM customer_tag_rules WHERE tenant_id = ${actor.tenantId} AND id = ${old.id}`);
        await audit(tx, actor, 'tag-rule.delete', 'tag-rule', old.id, { tag: old.tag });
      });
      return reply.code(204).send();
    },
  );

  r.post(
    '/customers/tag-rules/evaluate',
    { schema: { tags, summary: 'Evaluate every enabled tag rule now', body: z.object({}).strict().optional() } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      return { rules: await evaluateTagRules(ctx, actor.tenantId) };
    },
  );

  r.get(
    '/customers/tiers',
    { schema: { tags, summary: 'The value-tier scheme and how many customers are in each tier' } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.read');
      const scheme = await one<{ measure: TMeasure; tiers: unknown; last_run_at: string | Date | null }>(
        ctx.db,
        sql`SELECT measure, tiers, last_run_at FROM customer_tier_schemes WHERE tenant_id = ${actor.tenantId}`,
      );
      const counts = await rows<{ tier: string | null; n: number }>(
        ctx.db,
        sql`SELECT tier, count(*)::int AS n FROM customers WHERE tenant_id = ${actor.tenantId} AND merged_into IS NULL GROUP BY tier ORDER BY tier`,
      );
      return {
        scheme: scheme ? { measure: scheme.measure, tiers: scheme.tiers, lastRunAt: iso(scheme.last_run_at) } : null,
        counts: counts.map((c) => ({ tier: c.tier, count: Number(c.n) })),
      };
    },
  );

  r.put(
    '/customers/tiers',
    {
      schema: {
        tags,
        summary: 'Set the value-tier scheme (e.g. by 12-month order value); customers are re-tiered at once',
        body: ZTierScheme,
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      await inTransaction(ctx, async (tx) => {
        await tx.execute(
          sql`INSERT INTO customer_tier_schemes (tenant_id, measure, tiers, updated_at) VALUES (${actor.tenantId}, ${JSON.stringify(req.body.measure)}::jsonb, ${JSON.stringify(req.body.tiers)}::jsonb, now())
            ON CONFLICT (tenant_id) DO UPDATE SET measure = excluded.measure, tiers = excluded.tiers, updated_at = now()`,
        );
        await audit(tx, actor, 'tiers.update', 'tier-scheme', null, req.body);
      });
      return evaluateTiers(ctx, actor.tenantId);
    },
  );

  r.post(
    '/customers/tiers/evaluate',
    { schema: { tags, summary: 'Re-tier every customer now', body: z.object({}).strict().optional() } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      return (await evaluateTiers(ctx, actor.tenantId)) ?? { changed: 0, tiers: [] };
    },
  );
}
