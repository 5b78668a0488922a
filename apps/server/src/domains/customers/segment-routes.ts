import {
  type TSegmentResponse,
  ZCustomerPageResponse,
  ZSegmentDefinition,
  ZSegmentListResponse,
  ZSegmentPreviewResponse,
  ZSegmentRefreshResponse,
  ZSegmentResponse,
  ZSegmentSave,
} from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, atTenantRoot, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { createSegment } from './commands/create-segment.ts';
import { deleteSegment } from './commands/delete-segment.ts';
import { rebuildGroup } from './commands/group-rollups.ts';
import { previewSegment, refreshSegment } from './commands/refresh-segments.ts';
import { updateSegment } from './commands/update-segment.ts';
import { iso } from './queries/get-customer.ts';
import { listCustomers } from './queries/list-customers.ts';
import { listSegments, loadSegment, type SegmentRow } from './queries/segments.ts';

const tags = ['customers'];

const present = (s: SegmentRow): TSegmentResponse => ({
  id: s.id,
  name: s.name,
  description: s.description,
  definition: s.definition,
  memberCount: s.member_count,
  refreshedAt: iso(s.refreshed_at),
  createdAt: iso(s.created_at),
  updatedAt: iso(s.updated_at),
});

/** Segments: filter-builder definitions with a live preview count, saved, with materialised members. */
export async function segmentRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/customers/segments',
    {
      schema: {
        tags,
        summary: 'Saved segments with their member counts (below the root: the members the caller may see)',
        response: { 200: ZSegmentListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.read');
      return { items: (await listSegments(ctx.db, actor)).map(present) };
    },
  );

  r.post(
    '/customers/segments/preview',
    {
      schema: {
        tags,
        summary: 'How many customers a definition matches now (the filter builder’s live count); nothing is saved',
        body: z.object({ definition: ZSegmentDefinition }).strict(),
        response: { 200: ZSegmentPreviewResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.read');
      return previewSegment(ctx, actor, req.body.definition);
    },
  );

  r.post(
    '/customers/segments',
    {
      schema: {
        tags,
        summary: 'Save a segment; its members are computed at once',
        body: ZSegmentSave,
        response: { 201: ZSegmentResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      const id = uuidv7(ctx.clock.now().getTime());
      await inTransaction(ctx, (tx) => createSegment(tx, actor, id, req.body));
      await refreshSegment(ctx, actor.tenantId, id);
      return reply.code(201).send(present(await loadSegment(ctx.db, actor, id)));
    },
  );

  r.get(
    '/customers/segments/:id',
    { schema: { tags, summary: 'One segment', params: ZIdParams, response: { 200: ZSegmentResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.read');
      return present(await loadSegment(ctx.db, actor, req.params.id));
    },
  );

  r.put(
    '/customers/segments/:id',
    {
      schema: {
        tags,
        summary: 'Change a segment’s name or definition; members are recomputed',
        params: ZIdParams,
        body: ZSegmentSave,
        response: { 200: ZSegmentResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      await inTransaction(ctx, (tx) => updateSegment(tx, actor, req.params.id, req.body));
      await refreshSegment(ctx, actor.tenantId, req.params.id);
      return present(await loadSegment(ctx.db, actor, req.params.id));
    },
  );

  r.delete(
    '/customers/segments/:id',
    {
      schema: {
        tags,
        summary: 'Delete a segment (customers are untouched)',
        params: ZIdParams,
        response: { 204: z.void() },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      await inTransaction(ctx, (tx) => deleteSegment(tx, actor, req.params.id));
      return reply.code(204).send();
    },
  );

  r.get(
    '/customers/segments/:id/members',
    {
      schema: {
        tags,
        summary: 'The customers a segment matches now, newest first, with cursor pagination',
        params: ZIdParams,
        querystring: z
          .object({ limit: z.coerce.number().int().min(1).max(200).optional(), cursor: z.string().max(60).optional() })
          .strict(),
        response: { 200: ZCustomerPageResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.read');
      return listCustomers(
        ctx.db,
        actor,
        ctx.config.secret,
        { ...req.query, segmentId: req.params.id },
        ctx.clock.now(),
      );
    },
  );

  r.post(
    '/customers/segments/:id/refresh',
    {
      schema: {
        tags,
        summary: 'Recompute a segment’s members now and rebuild its score rollups from scratch (repair)',
        params: ZIdParams,
        body: z.object({}).strict().optional(),
        response: { 200: ZSegmentRefreshResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      await loadSegment(ctx.db, actor, req.params.id);
      const n = await refreshSegment(ctx, actor.tenantId, req.params.id);
      await rebuildGroup(ctx, actor.tenantId, `segment:${req.params.id}`);
      return { memberCount: atTenantRoot(actor) ? n : (await loadSegment(ctx.db, actor, req.params.id)).member_count };
    },
  );
}
