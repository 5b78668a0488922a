import {
  ZDiscoveryAcceptResponse,
  ZDiscoveryDismissResponse,
  ZDiscoveryListResponse,
  ZDiscoveryStartResponse,
} from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { wakeWorkers } from '../../platform/jobs.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { acceptDiscovery, dismissDiscovery, startDiscovery } from './commands/decide-discovery.ts';
import { listDiscoveries } from './queries/discoveries.ts';
import { ZTopicCreate } from './schema.ts';

const tags = ['text'];

/** Discovery: proposals of new topics/keywords from recent text, accepted or dismissed by a person. */
export async function discoveryRoutes(r: Router, ctx: AppContext) {
  r.post(
    '/text/discovery/run',
    {
      schema: {
        tags,
        summary: 'Run discovery now (it also runs daily); returns the run to poll',
        response: { 202: ZDiscoveryStartResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'text.write');
      const runId = await inTransaction(ctx, (tx) => startDiscovery(tx, ctx.clock, actor.tenantId));
      wakeWorkers(ctx);
      return reply.code(202).send({ runId });
    },
  );

  r.get(
    '/text/discovery',
    {
      schema: {
        tags,
        summary: 'Discovery proposals, best first',
        querystring: z
          .object({
            status: z.enum(['proposed', 'accepted', 'dismissed']).default('proposed'),
            kind: z.enum(['pair', 'uncovered', 'rising']).optional(),
          })
          .strict(),
        response: { 200: ZDiscoveryListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'text.write');
      return listDiscoveries(ctx.db, actor.tenantId, req.query);
    },
  );

  r.post(
    '/text/discovery/:id/accept',
    {
      schema: {
        tags,
        summary: 'Accept a proposal: add its keyword to a topic, or create a new topic with it',
        params: ZIdParams,
        body: z
          .object({ topicId: z.uuid().optional(), newTopic: ZTopicCreate.omit({ rules: true }).optional() })
          .strict()
          .refine((b) => !!b.topicId !== !!b.newTopic, {
            message: 'give either topicId or newTopic',
            path: ['topicId'],
          }),
        response: { 200: ZDiscoveryAcceptResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'text.write');
      const out = await inTransaction(ctx, (tx) => acceptDiscovery(tx, ctx.clock, actor, req.params.id, req.body));
      wakeWorkers(ctx);
      return out;
    },
  );

  r.post(
    '/text/discovery/:id/dismiss',
    { schema: { tags, params: ZIdParams, response: { 200: ZDiscoveryDismissResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'text.write');
      await inTransaction(ctx, (tx) => dismissDiscovery(tx, ctx.clock, actor, req.params.id));
      return { ok: true as const };
    },
  );
}
