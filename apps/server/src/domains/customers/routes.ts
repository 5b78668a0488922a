import {
  TIMELINE_KINDS,
  ZCustomerCreate,
  ZCustomerDetailResponse,
  ZCustomerMergeResponse,
  ZCustomerPageResponse,
  ZCustomerResolveResponse,
  ZCustomerUpdate,
  ZTag,
  ZTimelineResponse,
} from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { rebuildAllGroups } from './commands/group-rollups.ts';
import { mergeCustomers } from './commands/merge-customers.ts';
import { sweepTenant } from './commands/resolve-customers.ts';
import { addTags, createCustomer, removeTag, updateCustomer } from './commands/save-customer.ts';
import { getCustomer, loadLiveCustomer } from './queries/get-customer.ts';
import { listCustomers } from './queries/list-customers.ts';
import { customerTimeline } from './queries/timeline.ts';

const tags = ['customers'];
const ZCursor = z.string().max(60).optional();

/** Customer profiles: list and search, one profile, create/update, tags, merge, the 360 timeline. */
export async function customerRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/customers',
    {
      schema: {
        tags,
        summary:
          'Customer profiles, newest first: search by member id, phone, email, openid (exact) or name; filter by tag, tier or segment; cursor pagination',
        querystring: z
          .object({
            q: z.string().max(200).optional(),
            tag: ZTag.optional(),
            tier: ZTag.optional(),
            segmentId: z.uuid().optional(),
            limit: z.coerce.number().int().min(1).max(200).optional(),
            cursor: ZCursor,
          })
          .strict(),
        response: { 200: ZCustomerPageResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.read');
      return listCustomers(ctx.db, actor, ctx.config.secret, req.query, ctx.clock.now());
    },
  );

  r.post(
    '/customers',
    {
      schema: {
        tags,
        summary:
          'Create a profile with identities (member, phone, wechat_openid, email), attributes and tags. Phones and emails are stored hashed and masked',
        body: ZCustomerCreate,
        response: { 201: ZCustomerDetailResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      const id = await inTransaction(ctx, (tx) =>
        createCustomer(tx, actor, ctx.config.secret, req.body, ctx.clock.now()),
      );
      return reply.code(201).send(await getCustomer(ctx.db, actor, id));
    },
  );

  r.get(
    '/customers/:id',
    {
      schema: {
        tags,
        summary:
          'One profile with masked identities, attributes, tags, tier, segments and merges. A merged profile names its survivor (mergedInto)',
        params: ZIdParams,
        response: { 200: ZCustomerDetailResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.read');
      return getCustomer(ctx.db, actor, req.params.id);
    },
  );

  r.patch(
    '/customers/:id',
    {
      schema: {
        tags,
        summary: 'Update the name and attributes (merged; null removes a key) and add identities',
        params: ZIdParams,
        body: ZCustomerUpdate,
        response: { 200: ZCustomerDetailResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      await inTransaction(ctx, (tx) =>
        updateCustomer(tx, actor, ctx.config.secret, req.params.id, req.body, ctx.clock.now()),
      );
      return getCustomer(ctx.db, actor, req.params.id);
    },
  );

  r.post(
    '/customers/:id/tags',
    {
      schema: {
        tags,
        summary: 'Add manual tags',
        params: ZIdParams,
        body: z.object({ tags: z.array(ZTag).min(1).max(20) }).strict(),
        response: { 200: ZCustomerDetailResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      await inTransaction(ctx, async (tx) => {
        await loadLiveCustomer(tx, actor, req.params.id, { forUpdate: true });
        await addTags(tx, actor.tenantId, req.params.id, req.body.tags);
      });
      return getCustomer(ctx.db, actor, req.params.id);
    },
  );

  r.delete(
    '/customers/:id/tags/:tag',
    {
      schema: {
        tags,
        summary: 'Remove a manual tag (a rule-based tag is a 409: change its rule)',
        params: z.object({ id: z.uuid(), tag: ZTag }),
        response: { 200: ZCustomerDetailResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      await inTransaction(ctx, async (tx) => {
        await loadLiveCustomer(tx, actor, req.params.id, { forUpdate: true });
        await removeTag(tx, actor.tenantId, req.params.id, req.params.tag);
      });
      return getCustomer(ctx.db, actor, req.params.id);
    },
  );

  r.post(
    '/customers/:id/merge',
    {
      schema: {
        tags,
        summary:
          'Merge another profile into this one (same person): identities, tags and history move, this profile’s attributes win; atomic',
        params: ZIdParams,
        body: z.object({ otherId: z.uuid() }).strict(),
        response: { 200: ZCustomerMergeResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      const merge = await inTransaction(ctx, (tx) =>
        mergeCustomers(tx, actor, req.params.id, req.body.otherId, ctx.clock.now()),
      );
      ctx.bus.publish({
        tenantId: actor.tenantId,
        type: 'customers.merged',
        data: { survivorId: merge.survivorId, mergedId: merge.mergedId },
      });
      return { merge, customer: await getCustomer(ctx.db, actor, req.params.id) };
    },
  );

  r.get(
    '/customers/:id/timeline',
    {
      schema: {
        tags,
        summary:
          '360 timeline: responses, events (orders, calls…), tickets and feedback, newest first, within your scope; cursor pagination',
        params: ZIdParams,
        querystring: z
          .object({
            limit: z.coerce.number().int().min(1).max(200).optional(),
            cursor: ZCursor,
            kinds: z
              .string()
              .max(100)
              .transform((s) =>
                s
                  .split(',')
                  .map((k) => k.trim())
                  .filter(Boolean),
              )
              .pipe(z.array(z.enum(TIMELINE_KINDS)).max(4))
              .optional(),
          })
          .strict(),
        response: { 200: ZTimelineResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.read');
      return customerTimeline(ctx.db, actor, req.params.id, { ...req.query, now: ctx.clock.now() });
    },
  );

  r.post(
    '/customers/resolve',
    {
      schema: {
        tags,
        summary:
          'Resolve every response, event and feedback item with a member id to a profile now (normally a background job does this), then rebuild the tier and segment score rollups from scratch',
        body: z.object({}).strict().optional(),
        response: { 200: ZCustomerResolveResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.write');
      const result = await sweepTenant(ctx, actor.tenantId, { mode: 'full' });
      const groups = await rebuildAllGroups(ctx, actor.tenantId);
      return { ...result, groupsRebuilt: groups };
    },
  );
}
