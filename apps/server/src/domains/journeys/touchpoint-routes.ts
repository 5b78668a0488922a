import { ZTouchpointCreate, ZTouchpointListResponse, ZTouchpointResponse, ZTouchpointUpdate } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { createTouchpoint, updateTouchpoint } from './commands/save-touchpoint.ts';
import { loadTouchpoints, touchpointView } from './queries/get-touchpoint.ts';

const tags = ['journeys'];

/** Touchpoints: where customers meet the brand; surveys, responses, events and tickets point at them. */
export async function touchpointRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/touchpoints',
    {
      schema: {
        tags,
        summary: 'Touchpoints of the tenant, in journey and stage order (archived ones with status=all)',
        querystring: z.object({ status: z.enum(['active', 'all']).default('active') }).strict(),
        response: { 200: ZTouchpointListResponse },
      },
    },
    async (req) => ({
      items: await loadTouchpoints(ctx.db, actorOf(req), { includeArchived: req.query.status === 'all' }),
    }),
  );

  r.get(
    '/touchpoints/:id',
    {
      schema: {
        tags,
        summary: 'A touchpoint with owner team, RACI and links',
        params: ZIdParams,
        response: { 200: ZTouchpointResponse },
      },
    },
    async (req) => touchpointView(ctx.db, actorOf(req), req.params.id),
  );

  r.post(
    '/touchpoints',
    {
      schema: {
        tags,
        summary: 'Create a touchpoint (in a stage, or outside any journey with no stageId)',
        body: ZTouchpointCreate,
        response: { 201: ZTouchpointResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'journeys.write');
      const view = await inTransaction(ctx, async (tx) =>
        touchpointView(tx, actor, await createTouchpoint(tx, ctx.clock, actor, req.body)),
      );
      return reply.code(201).send(view);
    },
  );

  r.patch(
    '/touchpoints/:id',
    {
      schema: {
        tags,
        summary: 'Update a touchpoint; a new stageId moves it; status archived retires it (responses keep it)',
        params: ZIdParams,
        body: ZTouchpointUpdate,
        response: { 200: ZTouchpointResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'journeys.write');
      return inTransaction(ctx, async (tx) => {
        await updateTouchpoint(tx, ctx.clock, actor, req.params.id, req.body);
        return touchpointView(tx, actor, req.params.id);
      });
    },
  );
}
