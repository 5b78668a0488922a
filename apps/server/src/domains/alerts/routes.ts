import { ZAlertRuleListResponse, ZAlertRuleResponse } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { createAlertRule } from './commands/create-alert-rule.ts';
import { deleteAlertRule } from './commands/delete-alert-rule.ts';
import { updateAlertRule } from './commands/update-alert-rule.ts';
import { checkCondition } from './condition.ts';
import { presentRule } from './presenter.ts';
import { getAlertRule } from './queries/get-alert-rule.ts';
import { listAlertRules } from './queries/list-alert-rules.ts';
import { ZAlertRuleCreate, ZAlertRuleUpdate } from './schema.ts';

const tags = ['alerts'];

/** Alert rules (response, metric and feedback); notifications are the notifications domain's. */
export async function alertRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/alert-rules',
    { schema: { tags, summary: 'Alert rules', response: { 200: ZAlertRuleListResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'tickets.read');
      return { items: (await listAlertRules(ctx.db, actor)).map((rule) => presentRule(rule, actor)) };
    },
  );

  r.post(
    '/alert-rules',
    {
      schema: {
        tags,
        summary: 'Create a response rule (`{nps} <= 6 or {csat} <= 2`) or a metric rule (threshold or anomaly)',
        body: ZAlertRuleCreate,
        response: { 201: ZAlertRuleResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'alerts.write');
      const body = req.body;
      if (body.kind === 'response') checkCondition(body.condition.expression);
      const rule = await inTransaction(ctx, async (tx) =>
        getAlertRule(tx, actor, await createAlertRule(tx, actor, body)),
      );
      return reply.code(201).send(presentRule(rule));
    },
  );

  r.get(
    '/alert-rules/:id',
    { schema: { tags, params: ZIdParams, response: { 200: ZAlertRuleResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'tickets.read');
      return presentRule(await getAlertRule(ctx.db, actor, req.params.id), actor);
    },
  );

  r.patch(
    '/alert-rules/:id',
    { schema: { tags, params: ZIdParams, body: ZAlertRuleUpdate, response: { 200: ZAlertRuleResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'alerts.write');
      return inTransaction(ctx, async (tx) => {
        await updateAlertRule(tx, actor, req.params.id, req.body);
        return presentRule(await getAlertRule(tx, actor, req.params.id));
      });
    },
  );

  r.delete(
    '/alert-rules/:id',
    { schema: { tags, params: ZIdParams, response: { 204: z.void() } } },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'alerts.write');
      await inTransaction(ctx, (tx) => deleteAlertRule(tx, actor, req.params.id));
      return reply.code(204).send();
    },
  );
}
