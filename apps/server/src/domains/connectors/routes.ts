import {
  ZConnectorListResponse,
  ZConnectorPollResponse,
  ZConnectorResponse,
  ZConnectorRunListResponse,
  ZConnectorWithSecretResponse,
} from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { createConnector } from './commands/create-connector.ts';
import { pollConnector } from './commands/poll-connector.ts';
import { deleteConnector, rotateConnectorSecret, updateConnector } from './commands/update-connector.ts';
import { presentConnector, presentRun } from './presenter.ts';
import { getConnector, listConnectors, listRuns } from './queries/get-connector.ts';
import { ZConnectorCreate, ZConnectorUpdate } from './schema.ts';

const tags = ['feedback-connectors'];

/**
 * Feedback connectors: where 舆情 systems, call-centre platforms and app stores send or publish feedback. Managed by
 * the roles that write feedback; each connector belongs to a unit (its scope). The inbound endpoint itself is a
 * public route (inbound-routes.ts).
 */
export async function connectorRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/feedback-connectors',
    {
      schema: {
        tags,
        summary: 'Feedback connectors in your scope (never their secrets)',
        response: { 200: ZConnectorListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.write');
      return { items: (await listConnectors(ctx.db, actor)).map(presentConnector) };
    },
  );

  r.post(
    '/feedback-connectors',
    {
      schema: {
        tags,
        summary: 'Create an inbound webhook (its secret is answered once), an RSS/Atom poller or a JSON-API poller',
        description:
          'Mapping: feedback field → path in the item (`data.comment`, `user.name`, `images[0].url`). Fields: text, externalId, author, rating (0–10), url, occurredAt, channel, customerRef, orgUnitCode.',
        body: ZConnectorCreate,
        response: { 201: ZConnectorWithSecretResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.write');
      const out = await inTransaction(ctx, async (tx) => {
        const { id, secret } = await createConnector(tx, ctx.config, ctx.clock, actor, req.body);
        return { ...presentConnector(await getConnector(tx, actor, id)), secret };
      });
      return reply.code(201).send(out);
    },
  );

  r.get(
    '/feedback-connectors/:id',
    { schema: { tags, params: ZIdParams, response: { 200: ZConnectorResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.write');
      return presentConnector(await getConnector(ctx.db, actor, req.params.id));
    },
  );

  r.patch(
    '/feedback-connectors/:id',
    { schema: { tags, params: ZIdParams, body: ZConnectorUpdate, response: { 200: ZConnectorResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.write');
      return inTransaction(ctx, async (tx) => {
        await updateConnector(tx, ctx.clock, actor, req.params.id, req.body);
        return presentConnector(await getConnector(tx, actor, req.params.id));
      });
    },
  );

  r.delete(
    '/feedback-connectors/:id',
    {
      schema: {
        tags,
        summary: 'Delete a connector and its history (its items stay)',
        params: ZIdParams,
        response: { 204: z.void() },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.write');
      await inTransaction(ctx, (tx) => deleteConnector(tx, actor, req.params.id));
      return reply.code(204).send();
    },
  );

  r.post(
    '/feedback-connectors/:id/rotate-secret',
    {
      schema: {
        tags,
        summary: "Replace an inbound webhook's secret; the new one is answered once and the old one stops verifying",
        params: ZIdParams,
        response: { 200: ZConnectorWithSecretResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.write');
      return inTransaction(ctx, async (tx) => {
        const secret = await rotateConnectorSecret(tx, ctx.config, actor, req.params.id);
        return { ...presentConnector(await getConnector(tx, actor, req.params.id)), secret };
      });
    },
  );

  r.post(
    '/feedback-connectors/:id/poll',
    {
      schema: {
        tags,
        summary: 'Poll an RSS/Atom or JSON-API connector now and answer what the poll stored',
        params: ZIdParams,
        response: { 200: ZConnectorPollResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.write');
      const c = await getConnector(ctx.db, actor, req.params.id);
      if (c.kind === 'webhook')
        throw new AppError('conflict', 'An inbound webhook is not polled: the source posts to it');
      const result = await pollConnector(ctx, actor.tenantId, c.id, 'manual');
      if (!result.ran) throw new AppError('conflict', 'A poll of this connector is running; try again in a moment');
      return result;
    },
  );

  r.get(
    '/feedback-connectors/:id/runs',
    {
      schema: {
        tags,
        summary: 'Poll and inbound history, newest first, with errors',
        params: ZIdParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).optional() }).strict(),
        response: { 200: ZConnectorRunListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.write');
      return { items: (await listRuns(ctx.db, actor, req.params.id, req.query.limit)).map(presentRun) };
    },
  );
}
