import { ZActionDetailResponse, ZActionListResponse, ZActionResponse } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { createAction } from './commands/create-action.ts';
import { updateAction } from './commands/update-action.ts';
import { measureEffect } from './measure-effect.ts';
import { dateOnly, presentAction } from './presenter.ts';
import { getAction } from './queries/get-action.ts';
import { listActions } from './queries/list-actions.ts';

const tags = ['actions'];
const METRICS = ['nps', 'csat', 'ces'] as const;

const ZActionCreate = z.object({
  title: z.string().trim().min(1).max(300),
  description: z.string().max(10_000).optional(),
  ownerId: z.uuid().optional(),
  rootCauseId: z.uuid().optional(),
  ticketIds: z.array(z.uuid()).max(500).default([]),
  orgUnitIds: z.array(z.uuid()).min(1).max(500),
  metric: z.enum(METRICS),
  startDate: z.iso.date(),
  status: z.enum(['planned', 'active', 'done', 'cancelled']).default('active'),
});

/** Improvement actions: list, create, change, and one action with its measured effect. */
export async function actionRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/actions',
    { schema: { tags, summary: 'Improvement actions in your scope', response: { 200: ZActionListResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'tickets.read');
      return { items: (await listActions(ctx.db, actor)).map(presentAction) };
    },
  );

  r.post(
    '/actions',
    {
      schema: {
        tags,
        summary: 'Create an improvement action from a root cause or a set of tickets',
        body: ZActionCreate,
        response: { 201: ZActionResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'actions.write');
      const created = await inTransaction(ctx, async (tx) =>
        getAction(tx, actor, await createAction(tx, actor, req.body)),
      );
      return reply.code(201).send(presentAction(created));
    },
  );

  r.get(
    '/actions/:id',
    {
      schema: {
        tags,
        summary: 'An action with its measured effect (difference-in-differences against comparable units, 95 % CI)',
        params: ZIdParams,
        querystring: z.object({ windowDays: z.coerce.number().int().min(7).max(180).default(28) }),
        response: { 200: ZActionDetailResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'tickets.read');
      const a = await getAction(ctx.db, actor, req.params.id);
      const effect = await measureEffect(
        ctx.db,
        actor.tenantId,
        { metric: a.metric, orgUnitIds: a.org_unit_ids, startDate: dateOnly(a.start_date) },
        ctx.clock.now(),
        req.query.windowDays,
      );
      return { ...presentAction(a), effect };
    },
  );

  r.patch(
    '/actions/:id',
    {
      schema: {
        tags,
        params: ZIdParams,
        body: z
          .object({
            title: z.string().trim().min(1).max(300).optional(),
            description: z.string().max(10_000).optional(),
            status: z.enum(['planned', 'active', 'done', 'cancelled']).optional(),
          })
          .strict(),
        response: { 200: ZActionResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'actions.write');
      return inTransaction(ctx, async (tx) => {
        await updateAction(tx, actor, req.params.id, req.body);
        return presentAction(await getAction(tx, actor, req.params.id));
      });
    },
  );
}
