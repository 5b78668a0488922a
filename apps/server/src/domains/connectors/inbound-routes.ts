import rateLimit from '@fastify/rate-limit';
import { ZInboundResponse } from '@loopcx/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { jsonDepthAbove } from '../../platform/json-guard.ts';
import { counterStore } from '../../platform/rate-limit.ts';
import { decodeUtf8 } from '../../platform/request-guards.ts';
import type { Router } from '../../platform/routing.ts';
import { receiveInbound } from './commands/receive-inbound.ts';

/** The largest inbound message (a batch of up to 500 items or one long call transcript). */
export const MAX_INBOUND_BYTES = 1024 * 1024;
/** Messages per connector and client address per minute, counted in the database for the whole cluster. */
export const INBOUND_PER_MINUTE = 300;

/**
 * `POST /api/v1/inbound/:connectorId`: public, authenticated by the Standard Webhooks signature only. The
 * signature covers the exact bytes sent, so this scope keeps the body as text (strict UTF-8, depth-bounded like
 * every JSON body) and the command parses it after verifying. Bounded in size (413) and rate (429).
 */
export async function inboundRoutes(r: Router, ctx: AppContext) {
  await r.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => {
      try {
        const text = decodeUtf8(body as Buffer);
        if (jsonDepthAbove(text) > 0) throw new AppError('bad_request', 'The request body is nested too deeply');
        done(null, text);
      } catch (err) {
        done(err as Error, undefined);
      }
    });
    await scope.register(rateLimit, {
      max: INBOUND_PER_MINUTE,
      timeWindow: 60_000,
      ...counterStore(scope, ctx),
      keyGenerator: (req) => `${(req.params as { connectorId?: string }).connectorId ?? ''}|${req.ip}`,
    });
    const s = scope.withTypeProvider<ZodTypeProvider>();
    s.post(
      '/inbound/:connectorId',
      {
        bodyLimit: MAX_INBOUND_BYTES,
        config: { dbLane: 'short' },
        schema: {
          tags: ['feedback-connectors'],
          summary: 'Receive feedback from a source system, signed per the Standard Webhooks spec',
          security: [],
          description:
            "Headers `webhook-id`, `webhook-timestamp` (unix seconds, within 5 minutes), `webhook-signature` (`v1,<base64 HMAC-SHA256 of \"id.timestamp.body\">` with the connector's whsec_ secret). Body: one item, an array of items, or an object holding them at the connector's itemsPath; each item is mapped by the connector's mapping. A repeated webhook-id stores nothing again.",
          params: z.object({ connectorId: z.uuid() }),
          response: { 200: ZInboundResponse },
        },
      },
      async (req) => {
        const raw = typeof req.body === 'string' ? req.body : '';
        if (!raw) throw new AppError('bad_request', 'The JSON body is empty');
        return receiveInbound(ctx, req.params.connectorId, req.headers, raw);
      },
    );
  });
}
