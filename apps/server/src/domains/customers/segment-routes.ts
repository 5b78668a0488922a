import { type TSegmentDefinition, ZSegmentDefinition, ZSegmentSave } from '@loopcx/shared';
import { z } from 'zod';
import { audit } from '../../platform/audit.ts';
import { type Actor, actorOf, atTenantRoot, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { type Executor, one, rows, sql } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { rebuildGroup } from './commands/group-rollups.ts';
import { previewSegment, refreshSegment } from './commands/refresh-segments.ts';
import { iso } from './queries/get-customer.ts';
import { listCustomers } from './queries/list-customers.ts';
import { scopedCustomerIds } from './scope.ts';

const tags = ['customers'];

interface SegmentRow {
  id: string;
  name: string;
  description: string | null;
  definition: TSegmentDefinition;
  member_count: number | null;
  refreshed_at: string | Date | null;
  created_at: string | Date;
  updated_at: string | Date;
}

const present = (s: SegmentRow) => ({
  id: s.id,
  name: s.name,
  description: s.description,
  definition: s.definition,
  memberCount: s.member_count,
  refreshedAt: iso(s.refreshed_at),
  createdAt: iso(s.created_at),
  updatedAt: iso(s.updated_at),
});

/**
 * A segment's member count as the caller may see it: the materialised count for a root-scoped caller; below the
 * root, the materialised members among the profiles the caller may see (customers/scope.ts), like the member list,
 * counted against the caller's visible ids in one hashed pass.
 */
function columns(actor: Actor) {
  const memberCount = atTenantRoot(actor)
    ? sql`s.member_count`
    : sql`CASE WHEN s.member_count IS NULL THEN NULL ELSE (
        SELECT count(*)::int FROM customer_segment_members m
        WHERE m.tenant_id = s.tenant_id AND m.segment_id = s.id AND m.customer_id IN (${scopedCustomerIds(actor)})) END`;
  return sql`s.id, s.name, s.description, s.definition, ${memberCount} AS member_count, s.refreshed_at, s.created_at, s.updated_at`;
}

async function loadSegment(ex: Executor, actor: Actor, id: string) {
  const s = await one<SegmentRow>(
    ex,
    sql`SELECT ${columns(actor)} FROM customer_segments s WHERE s.tenant_id = ${actor.tenantId} AND s.id = ${id}`,
  );
  if (!s) throw notFound('Segment');
  return s;
}

/** Segments: filter-builder definitions with a live preview count, saved, with materialised members. */
export async function segmentRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/customers/segments',
    {
      schema: {
        tags,
        summary: 'Saved segments with their member counts (below the root: the members the caller may see)',
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.read');
      const list = await rows<SegmentRow>(
        ctx.db,
        sql`SELECT ${columns(actor)} FROM customer_segments s WHERE s.tenant_id = ${actor.tenantId} ORDER BY s.name`,
      );
      return { items: list.map(present) };
    },
  );

  r.post(
    '/customers/segments/preview',
    {
      schema: {
        tags,
        summary: 'How many customers a definition matches now (the filter builder’s live count); nothing is saved',
        body: z.object({ definition: ZSegmentDefinition }).strict(),
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
    { schema: { tags, summary: 'Save a segment; its members are computed at once', body: ZSegmentSave } },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      const id = uuidv7(ctx.clock.now().getTime());
      await inTransaction(ctx, async (tx) => {
        await tx.execute(
          sql`INSERT INTO customer_segments (tenant_id, id, name, description, definition, created_by)
            VALUES (${actor.tenantId}, ${id}, ${req.body.name}, ${req.body.description ?? null}, ${JSON.stringify(req.body.definition)}::jsonb, ${actor.kind === 'user' ? actor.id : null})`,
        );
        await audit(tx, actor, 'segment.create', 'segment', id, req.body);
      });
      await refreshSegment(ctx, actor.tenantId, id);
      return reply.code(201).send(present(await loadSegment(ctx.db, actor, id)));
    },
  );

  r.get('/customers/segments/:id', { schema: { tags, summary: 'One segment', params: ZIdParams } }, async (req) => {
    const actor = actorOf(req);
    authorize(actor, 'customers.read');
    return present(await loadSegment(ctx.db, actor, req.params.id));
  });

  r.put(
    '/customers/segments/:id',
    {
      schema: {
        tags,
        summary: 'Change a segment’s name or definition; members are recomputed',
        params: ZIdParams,
        body: ZSegmentSave,
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      await inTransaction(ctx, async (tx) => {
        await loadSegment(tx, actor, req.params.id);
        await tx.execute(
          sql`UPDATE customer_segments SET name = ${req.body.name}, description = ${req.body.description ?? null}, definition = ${JSON.stringify(req.body.definition)}::jsonb, updated_at = now()
            WHERE tenant_id = ${actor.tenantId} AND id = ${req.params.id}`,
        );
        await audit(tx, actor, 'segment.update', 'segment', req.params.id, req.body);
      });
      await refreshSegment(ctx, actor.tenantId, req.params.id);
      return present(await loadSegment(ctx.db, actor, req.params.id));
    },
  );

  r.delete(
    '/customers/segments/:id',
    { schema: { tags, summary: 'Delete a segment (customers are untouched)', params: ZIdParams } },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      await inTransaction(ctx, async (tx) => {
        const s = await loadSegment(tx, actor, req.params.id);
        await tx.execute(sql`DELETE FROM customer_segments WHERE tenant_id = ${actor.tenantId} AND id = ${s.id}`);
        await tx.execute(
          sql`DELETE FROM customer_score_rollups WHERE tenant_id = ${actor.tenantId} AND group_key = ${`segment:${s.id}`}`,
        );
        await tx.execute(
          sql`DELETE FROM customer_score_rollups_monthly WHERE tenant_id = ${actor.tenantId} AND group_key = ${`segment:${s.id}`}`,
        );
        await audit(tx, actor, 'segment.delete', 'segment', s.id, { name: s.name });
      });
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
