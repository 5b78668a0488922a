import {
  ZTagRule,
  ZTagRuleEvaluationResponse,
  ZTagRuleListResponse,
  ZTagRuleResponse,
  ZTierEvaluationResponse,
  ZTierOverviewResponse,
  ZTierScheme,
} from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { createTagRule } from './commands/create-tag-rule.ts';
import { deleteTagRule } from './commands/delete-tag-rule.ts';
import { evaluateTagRules, evaluateTiers } from './commands/evaluate-rules.ts';
import { saveTierScheme } from './commands/save-tier-scheme.ts';
import { updateTagRule } from './commands/update-tag-rule.ts';
import { iso } from './queries/get-customer.ts';
import { listTagRules, loadTagRule } from './queries/tag-rules.ts';
import { tierOverview } from './queries/tiers.ts';
import { presentTagRule } from './rule-presenter.ts';

const tags = ['customers'];
const NO_TIERS = { changed: 0, tiers: [] };

/** Rule-based tags and the value-tier scheme, each evaluated by the scheduled job and on demand. */
export async function ruleRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/customers/tag-rules',
    {
      schema: {
        tags,
        summary: 'Rule-based tags (e.g. gold when orders in 90 days ≥ 10)',
        response: { 200: ZTagRuleListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.read');
      return { items: (await listTagRules(ctx.db, actor.tenantId)).map(presentTagRule) };
    },
  );

  r.post(
    '/customers/tag-rules',
    {
      schema: {
        tags,
        summary: 'Create a tag rule; it is evaluated at once',
        body: ZTagRule,
        response: { 201: ZTagRuleResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      const id = uuidv7(ctx.clock.now().getTime());
      await inTransaction(ctx, (tx) => createTagRule(tx, actor, id, req.body));
      if (req.body.enabled) await evaluateTagRules(ctx, actor.tenantId, id);
      return reply.code(201).send(presentTagRule(await loadTagRule(ctx.db, actor.tenantId, id)));
    },
  );

  r.put(
    '/customers/tag-rules/:id',
    {
      schema: {
        tags,
        summary: 'Change a tag rule; it is evaluated at once',
        params: ZIdParams,
        body: ZTagRule,
        response: { 200: ZTagRuleResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      await inTransaction(ctx, (tx) => updateTagRule(tx, actor, req.params.id, req.body));
      if (req.body.enabled) await evaluateTagRules(ctx, actor.tenantId, req.params.id);
      return presentTagRule(await loadTagRule(ctx.db, actor.tenantId, req.params.id));
    },
  );

  r.delete(
    '/customers/tag-rules/:id',
    {
      schema: {
        tags,
        summary: 'Delete a tag rule and the tags it set (manual tags stay)',
        params: ZIdParams,
        response: { 204: z.void() },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      await inTransaction(ctx, (tx) => deleteTagRule(tx, actor, req.params.id));
      return reply.code(204).send();
    },
  );

  r.post(
    '/customers/tag-rules/evaluate',
    {
      schema: {
        tags,
        summary: 'Evaluate every enabled tag rule now',
        body: z.object({}).strict().optional(),
        response: { 200: ZTagRuleEvaluationResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      return { rules: await evaluateTagRules(ctx, actor.tenantId) };
    },
  );

  r.get(
    '/customers/tiers',
    {
      schema: {
        tags,
        summary: 'The value-tier scheme and how many customers are in each tier',
        response: { 200: ZTierOverviewResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.read');
      const { scheme, counts } = await tierOverview(ctx.db, actor.tenantId);
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
        response: { 200: ZTierEvaluationResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      await inTransaction(ctx, (tx) => saveTierScheme(tx, actor, req.body));
      // The scheme was just saved, so evaluation always answers; the fallback only satisfies the contract's type.
      return (await evaluateTiers(ctx, actor.tenantId)) ?? NO_TIERS;
    },
  );

  r.post(
    '/customers/tiers/evaluate',
    {
      schema: {
        tags,
        summary: 'Re-tier every customer now',
        body: z.object({}).strict().optional(),
        response: { 200: ZTierEvaluationResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      return (await evaluateTiers(ctx, actor.tenantId)) ?? NO_TIERS;
    },
  );
}
