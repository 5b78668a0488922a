import {
  ZEventTypeCreate,
  ZEventTypeKey,
  ZEventTypeListResponse,
  ZEventTypeResponse,
  ZEventTypeUpdate,
} from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { inTransaction, type Router } from '../../platform/routing.ts';
import { createEventType, updateEventType } from './commands/save-event-type.ts';
import { allEventTypes } from './queries/event-types.ts';

const tags = ['events'];
const ZKeyParams = z.object({ key: ZEventTypeKey });

export async function eventTypeRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/event-types',
    {
      schema: {
        tags,
        summary: 'Event types: the built-ins (read-only) and your own, with their property schemas',
        response: { 200: ZEventTypeListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'events.read');
      return { items: await allEventTypes(ctx.db, actor.tenantId) };
    },
  );

  r.get(
    '/event-types/:key',
    { schema: { tags, params: ZKeyParams, response: { 200: ZEventTypeResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'events.read');
      const t = (await allEventTypes(ctx.db, actor.tenantId)).find((x) => x.key === req.params.key);
      if (!t) throw notFound('Event type');
      return t;
    },
  );

  r.post(
    '/event-types',
    {
      schema: {
        tags,
        summary: 'Declare a custom event type with its property schema',
        description:
          'properties: `{"<name>": {"type": "string|number|integer|boolean", "enum"?: [...], "required"?: bool, "dimension"?: bool}}`. Dimensions (boolean or enum properties) get rollups, so formulas can filter on them.',
        body: ZEventTypeCreate,
        response: { 201: ZEventTypeResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'events.write');
      return reply.code(201).send(await inTransaction(ctx, (tx) => createEventType(tx, actor, req.body)));
    },
  );

  r.patch(
    '/event-types/:key',
    {
      schema: {
        tags,
        summary: 'Change a custom event type (name, schema, strictness, archive)',
        params: ZKeyParams,
        body: ZEventTypeUpdate,
        response: { 200: ZEventTypeResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'events.write');
      return inTransaction(ctx, (tx) => updateEventType(tx, actor, req.params.key, req.body));
    },
  );

  r.delete(
    '/event-types/:key',
    {
      schema: {
        tags,
        summary: 'Archive a custom event type (its events stay; new ones are refused)',
        params: ZKeyParams,
        response: { 200: ZEventTypeResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'events.write');
      return inTransaction(ctx, (tx) => updateEventType(tx, actor, req.params.key, { status: 'archived' }));
    },
  );
}
