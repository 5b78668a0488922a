import {
  ZWebhookDeliveryListResponse,
  ZWebhookDeliveryResponse,
  ZWebhookListResponse,
  ZWebhookResponse,
  ZWebhookTestResponse,
  ZWebhookWithSecretResponse,
} from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { wakeWorkers } from '../../platform/jobs.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { createWebhook } from './commands/create-webhook.ts';
import { deleteWebhook } from './commands/delete-webhook.ts';
import { redeliver } from './commands/redeliver.ts';
import { rotateWebhookSecret } from './commands/rotate-webhook-secret.ts';
import { sendTestMessage } from './commands/send-test.ts';
import { updateWebhook } from './commands/update-webhook.ts';
import { presentWebhook } from './presenter.ts';
import { deliveryTarget } from './queries/delivery-target.ts';
import { getWebhook, listWebhooks } from './queries/get-webhook.ts';
import { getDelivery, listDeliveries } from './queries/list-deliveries.ts';
import { ZDeliveryListQuery, ZDeliveryParams, ZRotateSecret, ZWebhookCreate, ZWebhookUpdate } from './schema.ts';

const tags = ['webhooks'];

/**
 * Webhook endpoints: where alert rules deliver and, for the event types an endpoint subscribes to, where events are
 * sent (transactional outbox → fan-out → deliveries with retries), each with its own signing secret per the
 * Standard Webhooks spec. The secret is answered only on creation and rotation.
 */
export async function webhookRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/webhooks',
    { schema: { tags, summary: 'Webhook endpoints (never their secrets)', response: { 200: ZWebhookListResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'webhooks.manage');
      return { items: (await listWebhooks(ctx.db, actor)).map(presentWebhook) };
    },
  );

  r.post(
    '/webhooks',
    {
      schema: {
        tags,
        summary:
          'Create an endpoint, optionally subscribed to event types (filtered by survey and by its unit’s subtree); the response holds its signing secret (whsec_…) once',
        body: ZWebhookCreate,
        response: { 201: ZWebhookWithSecretResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'webhooks.manage');
      const out = await inTransaction(ctx, async (tx) => {
        const { id, secret } = await createWebhook(tx, actor, req.body);
        return { ...presentWebhook(await getWebhook(tx, actor, id)), secret };
      });
      return reply.code(201).send(out);
    },
  );

  r.get('/webhooks/:id', { schema: { tags, params: ZIdParams, response: { 200: ZWebhookResponse } } }, async (req) => {
    const actor = actorOf(req);
    authorize(actor, 'webhooks.manage');
    return presentWebhook(await getWebhook(ctx.db, actor, req.params.id));
  });

  r.patch(
    '/webhooks/:id',
    { schema: { tags, params: ZIdParams, body: ZWebhookUpdate, response: { 200: ZWebhookResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'webhooks.manage');
      return inTransaction(ctx, async (tx) => {
        await updateWebhook(tx, actor, req.params.id, req.body);
        return presentWebhook(await getWebhook(tx, actor, req.params.id));
      });
    },
  );

  r.delete(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Delete an endpoint (409 while alert rules deliver to it)',
        params: ZIdParams,
        response: { 204: z.void() },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'webhooks.manage');
      await inTransaction(ctx, (tx) => deleteWebhook(tx, actor, req.params.id));
      return reply.code(204).send();
    },
  );

  r.post(
    '/webhooks/:id/rotate-secret',
    {
      schema: {
        tags,
        summary:
          'New signing secret (answered once); the previous one keeps signing beside it for overlapHours (default 24)',
        params: ZIdParams,
        body: ZRotateSecret.default({ overlapHours: 24 }),
        response: { 200: ZWebhookWithSecretResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'webhooks.manage');
      return inTransaction(ctx, async (tx) => {
        const secret = await rotateWebhookSecret(tx, actor, req.params.id, req.body.overlapHours);
        return { ...presentWebhook(await getWebhook(tx, actor, req.params.id)), secret };
      });
    },
  );

  r.post(
    '/webhooks/:id/test',
    {
      schema: {
        tags,
        summary:
          'Send a signed `webhook.test` message now and report what the receiver answered; it is written into the delivery log too',
        params: ZIdParams,
        response: { 200: ZWebhookTestResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'webhooks.manage');
      const w = await getWebhook(ctx.db, actor, req.params.id);
      const target = await deliveryTarget(ctx.db, actor.tenantId, w.id);
      if (!target) throw new AppError('not_found', 'Webhook not found');
      return sendTestMessage(ctx, actor.tenantId, { id: w.id, orgUnitId: w.org_unit_id }, target);
    },
  );

  r.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'The delivery log: newest first, with attempts, answer, latency and trimmed bodies (cursor paging)',
        params: ZIdParams,
        querystring: ZDeliveryListQuery,
        response: { 200: ZWebhookDeliveryListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'webhooks.manage');
      const w = await getWebhook(ctx.db, actor, req.params.id);
      return listDeliveries(ctx.db, actor.tenantId, w.id, req.query);
    },
  );

  r.post(
    '/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      schema: {
        tags,
        summary: 'Send a delivery’s event again (same webhook-id, new attempts); 409 while the endpoint is off',
        params: ZDeliveryParams,
        response: { 202: ZWebhookDeliveryResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'webhooks.manage');
      const out = await inTransaction(ctx, async (tx) => {
        const id = await redeliver(tx, actor, req.params.id, req.params.deliveryId);
        return getDelivery(tx, actor.tenantId, req.params.id, id);
      });
      wakeWorkers(ctx);
      return reply.code(202).send(out);
    },
  );
}
