import {
  ZNbaCondition,
  ZNbaPreviewResponse,
  ZNbaReorder,
  ZNbaRule,
  ZNbaRuleInput,
  ZNbaRuleListResponse,
  ZNbaRuleUpdate,
  ZNbaUplift,
  ZNbaUpliftQuery,
} from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { createRule, deleteRule, reorderRules, updateRule } from './commands/save-rule.ts';
import { previewConditions } from './queries/preview.ts';
import { getRule, listRules } from './queries/rules.ts';
import { ruleUplift } from './queries/uplift.ts';

// Next-best action acts on customer profiles: its routes share the customers API-key scope.
const tags = ['customers'];

/** Next-best-action rules (decision 82): list, write, order, preview and each rule's measured uplift. */
export async function nbaRuleRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/nba/rules',
    {
      schema: {
        tags,
        summary: 'Next-best-action rules in priority order (the first enabled rule whose conditions all hold decides)',
        response: { 200: ZNbaRuleListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'metrics.read');
      return { items: await listRules(ctx.db, actor.tenantId) };
    },
  );

  r.post(
    '/nba/rules',
    {
      schema: {
        tags,
        summary:
          'Create a rule (last in priority): conditions (segment, tier, tag, last score, sentiment, topic, open ticket), an action with a reason code, holdout %, the outcome event its uplift is measured on, cooldown',
        body: ZNbaRuleInput,
        response: { 201: ZNbaRule },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'nba.manage');
      const rule = await inTransaction(ctx, async (tx) =>
        getRule(tx, actor.tenantId, await createRule(tx, actor, req.body, ctx.clock.now())),
      );
      return reply.code(201).send(rule);
    },
  );

  r.put(
    '/nba/rules/order',
    {
      schema: {
        tags,
        summary: 'Set the priority order: every rule id of the tenant once, highest priority first',
        body: ZNbaReorder,
        response: { 200: ZNbaRuleListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'nba.manage');
      return {
        items: await inTransaction(ctx, async (tx) => {
          await reorderRules(tx, actor, req.body.ids, ctx.clock.now());
          return listRules(tx, actor.tenantId);
        }),
      };
    },
  );

  r.post(
    '/nba/rules/preview',
    {
      schema: {
        tags,
        summary:
          'How many customers in your scope match these conditions now, among the 2,000 most recently seen (capped says when there are more)',
        body: z.object({ conditions: z.array(ZNbaCondition).max(10) }).strict(),
        response: { 200: ZNbaPreviewResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'nba.manage');
      return previewConditions(ctx.readDb, actor, req.body.conditions, ctx.clock.now());
    },
  );

  r.get(
    '/nba/rules/:id',
    {
      schema: { tags, summary: 'One next-best-action rule', params: ZIdParams, response: { 200: ZNbaRule } },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'metrics.read');
      return getRule(ctx.db, actor.tenantId, req.params.id);
    },
  );

  r.patch(
    '/nba/rules/:id',
    {
      schema: {
        tags,
        summary: 'Change a rule; decisions already made keep their arm and action, a new holdout % applies from now on',
        params: ZIdParams,
        body: ZNbaRuleUpdate,
        response: { 200: ZNbaRule },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'nba.manage');
      return inTransaction(ctx, async (tx) => {
        await updateRule(tx, actor, req.params.id, req.body, ctx.clock.now());
        return getRule(tx, actor.tenantId, req.params.id);
      });
    },
  );

  r.delete(
    '/nba/rules/:id',
    {
      schema: { tags, summary: 'Delete a rule and its decisions', params: ZIdParams, response: { 204: z.void() } },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'nba.manage');
      await inTransaction(ctx, (tx) => deleteRule(tx, actor, req.params.id));
      return reply.code(204).send();
    },
  );

  r.get(
    '/nba/rules/:id/uplift',
    {
      schema: {
        tags,
        summary:
          'Measured uplift of a rule: the outcome rate within N days after the decision, treatment vs holdout, among decisions made in [from, to) whose window has passed (pending counted apart); difference with its Newcombe 95 % CI, relative lift, z test and verdict works / no evidence / harms',
        params: ZIdParams,
        querystring: ZNbaUpliftQuery,
        response: { 200: ZNbaUplift },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'metrics.read');
      return ruleUplift(ctx.readDb, actor, req.params.id, { ...req.query, now: ctx.clock.now() });
    },
  );
}
