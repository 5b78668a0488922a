import { ZSdkKeyListResponse, ZSdkKeyResponse, ZSdkWidget } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, assertPerson, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { createSdkKey, revokeSdkKey, updateSdkKey } from './commands/save-sdk-key.ts';
import { presentSdkKey } from './presenter.ts';
import { getSdkKey, listSdkKeys } from './queries/list-sdk-keys.ts';

const tags = ['sdk-keys'];

// Origins are checked one by one in the command (so each bad one is named); here only their bounds.
const ZOrigins = z.array(z.string().max(200)).min(1).max(50);
const ZTypes = z.array(z.string().min(1).max(100)).min(1).max(100);
const ZName = z.string().trim().min(1).max(200);

/** Public write keys for the browser SDK (Settings → SDK): owner/admin, scoped to the key's unit subtree. */
export async function sdkKeyRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/sdk-keys',
    {
      schema: { tags, summary: 'List the public SDK write keys in your scope', response: { 200: ZSdkKeyListResponse } },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'sdkKeys.manage');
      return {
        items: (await listSdkKeys(ctx.db, actor)).map(presentSdkKey),
        scriptUrl: `${ctx.config.publicUrl.replace(/\/+$/, '')}/sdk/v1/loopcx.js`,
      };
    },
  );

  r.get(
    '/sdk-keys/:id',
    { schema: { tags, summary: 'One public SDK write key', params: ZIdParams, response: { 200: ZSdkKeyResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'sdkKeys.manage');
      return presentSdkKey(await getSdkKey(ctx.db, actor, req.params.id));
    },
  );

  r.post(
    '/sdk-keys',
    {
      schema: {
        tags,
        summary: 'Create a public SDK write key for the given origins, event types and unit',
        body: z
          .object({
            name: ZName,
            allowedOrigins: ZOrigins,
            allowedEventTypes: ZTypes,
            orgUnitId: z.uuid(),
            touchpointId: z.uuid().nullable().optional(),
            feedbackWidget: ZSdkWidget.nullable().optional(),
          })
          .strict(),
        response: { 201: ZSdkKeyResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'sdkKeys.manage');
      assertPerson(actor, 'manage SDK keys');
      const row = await inTransaction(ctx, (tx) => createSdkKey(tx, actor, req.body));
      return reply.code(201).send(presentSdkKey(row));
    },
  );

  r.patch(
    '/sdk-keys/:id',
    {
      schema: {
        tags,
        summary: "Change a live key's name, origins, event types, unit, touchpoint or 吐槽 (feedback) widget",
        params: ZIdParams,
        body: z
          .object({
            name: ZName.optional(),
            allowedOrigins: ZOrigins.optional(),
            allowedEventTypes: ZTypes.optional(),
            orgUnitId: z.uuid().optional(),
            touchpointId: z.uuid().nullable().optional(),
            feedbackWidget: ZSdkWidget.nullable().optional(),
          })
          .strict(),
        response: { 200: ZSdkKeyResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'sdkKeys.manage');
      assertPerson(actor, 'manage SDK keys');
      return presentSdkKey(await inTransaction(ctx, (tx) => updateSdkKey(tx, actor, req.params.id, req.body)));
    },
  );

  r.delete(
    '/sdk-keys/:id',
    { schema: { tags, summary: 'Revoke a public SDK write key', params: ZIdParams, response: { 204: z.void() } } },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'sdkKeys.manage');
      assertPerson(actor, 'manage SDK keys');
      await inTransaction(ctx, (tx) => revokeSdkKey(tx, actor, req.params.id));
      return reply.code(204).send();
    },
  );
}
