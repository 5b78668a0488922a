import { ZInterceptCreate, ZInterceptListResponse, ZInterceptResponse, ZInterceptUpdate } from '@loopcx/shared';
import { z } from 'zod';
import { type Actor, actorOf, assertPerson, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { createIntercept, deleteIntercept, updateIntercept } from './commands/save-intercept.ts';
import { presentIntercept } from './presenter.ts';
import { getIntercept, listIntercepts } from './queries/list-intercepts.ts';

const tags = ['intercepts'];

/** Intercepts are managed with the SDK keys (owner/admin) and name a survey, so both abilities are asserted. */
function manager(actor: Actor) {
  authorize(actor, 'sdkKeys.manage');
  authorize(actor, 'surveys.read');
}

/** Intercept rules of the browser SDK (Settings → SDK → Intercepts). */
export async function interceptRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/intercepts',
    {
      schema: {
        tags,
        summary: "The tenant's intercept rules, each with its shows and answers of the last 30 days",
        response: { 200: ZInterceptListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      manager(actor);
      return { items: (await listIntercepts(ctx.db, actor, ctx.clock.now())).map(presentIntercept) };
    },
  );

  r.get(
    '/intercepts/:id',
    { schema: { tags, summary: 'One intercept rule', params: ZIdParams, response: { 200: ZInterceptResponse } } },
    async (req) => {
      const actor = actorOf(req);
      manager(actor);
      return presentIntercept(await getIntercept(ctx.db, actor, req.params.id, ctx.clock.now()));
    },
  );

  r.post(
    '/intercepts',
    {
      schema: {
        tags,
        summary: 'Create an intercept: a live survey shown by the SDK when URL and session-event conditions hold',
        body: ZInterceptCreate,
        response: { 201: ZInterceptResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      manager(actor);
      assertPerson(actor, 'manage intercepts');
      const now = ctx.clock.now();
      const row = await inTransaction(ctx, async (tx) =>
        getIntercept(tx, actor, await createIntercept(tx, actor, req.body), now),
      );
      return reply.code(201).send(presentIntercept(row));
    },
  );

  r.patch(
    '/intercepts/:id',
    {
      schema: {
        tags,
        summary: "Change an intercept's fields (enabled, conditions, display…)",
        params: ZIdParams,
        body: ZInterceptUpdate,
        response: { 200: ZInterceptResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      manager(actor);
      assertPerson(actor, 'manage intercepts');
      const now = ctx.clock.now();
      return presentIntercept(
        await inTransaction(ctx, async (tx) => {
          await updateIntercept(tx, actor, req.params.id, req.body, now);
          return getIntercept(tx, actor, req.params.id, now);
        }),
      );
    },
  );

  r.delete(
    '/intercepts/:id',
    { schema: { tags, summary: 'Delete an intercept rule', params: ZIdParams, response: { 204: z.void() } } },
    async (req, reply) => {
      const actor = actorOf(req);
      manager(actor);
      assertPerson(actor, 'manage intercepts');
      await inTransaction(ctx, (tx) => deleteIntercept(tx, actor, req.params.id, ctx.clock.now()));
      return reply.code(204).send();
    },
  );
}
