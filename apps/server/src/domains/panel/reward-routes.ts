import {
  ZNewPanelReward,
  ZPanelRedemption,
  ZPanelRedemptionList,
  ZPanelRedemptionListQuery,
  ZPanelRedemptionPatch,
  ZPanelReward,
  ZPanelRewardList,
  ZPanelRewardPatch,
} from '@loopcx/shared';
import { actorOf } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { createReward, resolveRedemption, updateReward } from './commands/rewards.ts';
import { authorizeReadPanel } from './policy.ts';
import { getPanel } from './queries.ts';
import {
  getRedemption,
  getReward,
  listRedemptions,
  listRewards,
  presentRedemption,
  presentReward,
} from './rewards-queries.ts';

// Panel routes belong to the customers API scope: its members are customers, read and run with the customers abilities.
const tags = ['customers'];

/** The console's points-redemption routes: a panel's rewards list and the members' redemptions. */
export async function panelRewardRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/panels/:id/rewards',
    {
      schema: {
        tags,
        summary: 'A panel’s rewards (active first, cheapest first) with how many were redeemed',
        params: ZIdParams,
        response: { 200: ZPanelRewardList },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeReadPanel(actor);
      await getPanel(ctx.db, actor.tenantId, req.params.id);
      return { items: (await listRewards(ctx.db, actor.tenantId, req.params.id)).map(presentReward) };
    },
  );

  r.post(
    '/panels/:id/rewards',
    {
      schema: {
        tags,
        summary: 'Add a reward members can redeem points for (cost, optional stock, active flag)',
        params: ZIdParams,
        body: ZNewPanelReward,
        response: { 201: ZPanelReward },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const out = await inTransaction(ctx, async (tx) => {
        const id = await createReward(tx, actor, req.params.id, req.body, ctx.clock.now());
        return presentReward(await getReward(tx, actor.tenantId, id));
      });
      return reply.code(201).send(out);
    },
  );

  r.patch(
    '/panel-rewards/:id',
    {
      schema: {
        tags,
        summary: 'Edit a reward (a new cost applies to later redemptions; stock is what is left, null = unlimited)',
        params: ZIdParams,
        body: ZPanelRewardPatch,
        response: { 200: ZPanelReward },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return inTransaction(ctx, async (tx) => {
        await updateReward(tx, actor, req.params.id, req.body, ctx.clock.now());
        return presentReward(await getReward(tx, actor.tenantId, req.params.id));
      });
    },
  );

  r.get(
    '/panel-redemptions',
    {
      schema: {
        tags,
        summary: 'Members’ redemptions (pending first), by panel and status; 50 a page',
        querystring: ZPanelRedemptionListQuery,
        response: { 200: ZPanelRedemptionList },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeReadPanel(actor);
      const list = await listRedemptions(ctx.db, actor, req.query);
      return { items: list.items.map(presentRedemption), total: list.total, page: req.query.page };
    },
  );

  r.patch(
    '/panel-redemptions/:id',
    {
      schema: {
        tags,
        summary: 'Mark a pending redemption fulfilled, or cancel it with a note (the points are refunded)',
        params: ZIdParams,
        body: ZPanelRedemptionPatch,
        response: { 200: ZPanelRedemption },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return inTransaction(ctx, async (tx) => {
        await resolveRedemption(tx, actor, req.params.id, req.body, ctx.clock.now());
        return presentRedemption(await getRedemption(tx, actor, req.params.id));
      });
    },
  );
}
