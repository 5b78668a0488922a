import {
  addDays,
  lastDays,
  ZJourneyCreate,
  ZJourneyListResponse,
  ZJourneyMapResponse,
  ZJourneyResponse,
  ZJourneyUpdate,
  ZStageCreate,
  ZStageOrder,
  ZStageUpdate,
} from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { tenantTimeZone } from '../tenancy/queries/tenant-time-zone.ts';
import { addStage, deleteStage, renameStage, reorderStages } from './commands/edit-stages.ts';
import { createJourney, updateJourney } from './commands/save-journey.ts';
import { journeyView, listJourneys } from './queries/get-journey.ts';
import { journeyMap } from './queries/journey-map.ts';
import { touchpointRoutes } from './touchpoint-routes.ts';

const tags = ['journeys'];
const ZDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString().slice(0, 10) === s, 'not a calendar date');
const ZStageParams = z.object({ id: z.uuid(), stageId: z.uuid() });

/**
 * Journeys → ordered stages → touchpoints. Every role may read them (they label surveys, responses and
 * tickets); owners and admins edit them (`journeys.write`). The map reads rollups scoped to the caller's subtree.
 */
export async function journeyRoutes(r: Router, ctx: AppContext) {
  await touchpointRoutes(r, ctx);

  r.get(
    '/journeys',
    {
      schema: {
        tags,
        summary: 'Journeys with their ordered stages and touchpoints',
        querystring: z.object({ status: z.enum(['active', 'archived', 'all']).default('active') }).strict(),
        response: { 200: ZJourneyListResponse },
      },
    },
    async (req) => ({ items: await listJourneys(ctx.db, actorOf(req), req.query.status) }),
  );

  r.post(
    '/journeys',
    { schema: { tags, summary: 'Create a journey', body: ZJourneyCreate, response: { 201: ZJourneyResponse } } },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'journeys.write');
      const view = await inTransaction(ctx, async (tx) =>
        journeyView(tx, actor, await createJourney(tx, ctx.clock, actor, req.body)),
      );
      return reply.code(201).send(view);
    },
  );

  r.get(
    '/journeys/:id',
    {
      schema: {
        tags,
        summary: 'A journey with stages and touchpoints (owner team, RACI, links, target)',
        params: ZIdParams,
        response: { 200: ZJourneyResponse },
      },
    },
    async (req) => journeyView(ctx.db, actorOf(req), req.params.id),
  );

  r.patch(
    '/journeys/:id',
    {
      schema: {
        tags,
        summary: 'Rename, describe, archive (status: archived) or restore a journey',
        params: ZIdParams,
        body: ZJourneyUpdate,
        response: { 200: ZJourneyResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'journeys.write');
      return inTransaction(ctx, async (tx) => {
        await updateJourney(tx, ctx.clock, actor, req.params.id, req.body);
        return journeyView(tx, actor, req.params.id);
      });
    },
  );

  r.post(
    '/journeys/:id/stages',
    {
      schema: {
        tags,
        summary: 'Add a stage (at `position`, default last)',
        params: ZIdParams,
        body: ZStageCreate,
        response: { 201: ZJourneyResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'journeys.write');
      const view = await inTransaction(ctx, async (tx) => {
        await addStage(tx, ctx.clock, actor, req.params.id, req.body);
        return journeyView(tx, actor, req.params.id);
      });
      return reply.code(201).send(view);
    },
  );

  r.patch(
    '/journeys/:id/stages/:stageId',
    {
      schema: {
        tags,
        summary: 'Rename a stage',
        params: ZStageParams,
        body: ZStageUpdate,
        response: { 200: ZJourneyResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'journeys.write');
      return inTransaction(ctx, async (tx) => {
        await renameStage(tx, ctx.clock, actor, req.params.id, req.params.stageId, req.body);
        return journeyView(tx, actor, req.params.id);
      });
    },
  );

  r.put(
    '/journeys/:id/stage-order',
    {
      schema: {
        tags,
        summary: 'Reorder stages: every stage id of the journey, in the new order',
        params: ZIdParams,
        body: ZStageOrder,
        response: { 200: ZJourneyResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'journeys.write');
      return inTransaction(ctx, async (tx) => {
        await reorderStages(tx, ctx.clock, actor, req.params.id, req.body.stageIds);
        return journeyView(tx, actor, req.params.id);
      });
    },
  );

  r.delete(
    '/journeys/:id/stages/:stageId',
    {
      schema: {
        tags,
        summary:
          'Delete a stage; its touchpoints move to `moveTouchpointsTo` (409 if it has touchpoints and none is given)',
        params: ZStageParams,
        querystring: z.object({ moveTouchpointsTo: z.uuid().optional() }).strict(),
        response: { 200: ZJourneyResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'journeys.write');
      return inTransaction(ctx, async (tx) => {
        await deleteStage(tx, ctx.clock, actor, req.params.id, req.params.stageId, req.query.moveTouchpointsTo);
        return journeyView(tx, actor, req.params.id);
      });
    },
  );

  r.get(
    '/journeys/:id/map',
    {
      schema: {
        tags,
        summary:
          "Journey map: each stage's touchpoints with score (CSAT/NPS/CES), n, CI, change vs the previous period, gap to target — for a unit subtree and period",
        params: ZIdParams,
        querystring: z
          .object({
            orgUnitId: z.uuid().optional(),
            from: ZDay.optional(),
            to: ZDay.optional(),
            minN: z.coerce.number().int().min(1).max(10_000).optional(),
          })
          .strict(),
        response: { 200: ZJourneyMapResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'metrics.read');
      // Default period: the last 30 tenant days including today (to is exclusive).
      const last30 = lastDays(await tenantTimeZone(ctx.db, actor.tenantId), 30, ctx.clock.now());
      const to = req.query.to ?? last30.to;
      const from = req.query.from ?? addDays(to, -30);
      return journeyMap(ctx.db, actor, req.params.id, { ...req.query, from, to });
    },
  );
}
