import { ZSdkIngestResponse } from '@loopcx/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { utf8JsonParser } from '../../platform/request-guards.ts';
import type { Router } from '../../platform/routing.ts';
import { ingestSdkEvents, MAX_SDK_BODY, MAX_SDK_EVENTS } from './commands/ingest-sdk-events.ts';
import { lookupPublicKey, type PublicKey } from './queries/key-lookup.ts';
import { requestOrigin } from './request-origin.ts';

const tags = ['sdk'];
const KEY_RE = /^pk_[\w-]{24,100}$/;
const ZKeyQuery = z.object({ key: z.string().max(120).optional() });

/**
 * The key named by `?key=` and the request's Origin, checked before anything is written: an unknown or revoked key is
 * 401, a request without an Origin (keys are for browsers) or from an origin the key does not list is 403 without
 * CORS headers, so the page's script cannot read the answer. An allowed origin gets
 * `Access-Control-Allow-Origin: <origin>` on every answer, errors included.
 */
async function admitted(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, key?: string): Promise<PublicKey> {
  reply.header('vary', 'Origin');
  const found = key && KEY_RE.test(key) ? await lookupPublicKey(ctx.db, key) : null;
  if (!found) throw new AppError('unauthenticated', 'Unknown SDK key: give ?key=pk_… of a key from Settings → SDK');
  if (found.revoked) throw new AppError('unauthenticated', 'This SDK key was revoked');
  const origin = requestOrigin(req, ctx.config.publicUrl);
  if (typeof origin !== 'string' || !origin)
    throw new AppError('forbidden', 'SDK keys are for browsers: the request has no Origin header');
  if (!found.origins.has(origin.toLowerCase()))
    throw new AppError('forbidden', `The origin ${origin.slice(0, 200)} is not allowed for this SDK key`);
  reply.header('access-control-allow-origin', origin);
  return found;
}

/**
 * The browser SDK's public ingest (issue 20): `POST /sdk/v1/events?key=pk_…` and its CORS preflight. Counted per key
 * (LOOPCX_SDK_KEY_RATE events a second), not per address: many visitors share one office or carrier NAT.
 */
export async function sdkPublicRoutes(root: Router, ctx: AppContext) {
  await root.register(async (scope) => {
    const r = scope.withTypeProvider<ZodTypeProvider>();
    // navigator.sendBeacon sends text/plain (no preflight): parsed as JSON here, with the same depth and prototype-key
    // guards as every JSON body. Only this scope accepts it.
    r.addContentTypeParser('text/plain', { parseAs: 'buffer' }, utf8JsonParser(scope));

    r.options(
      '/sdk/v1/events',
      {
        config: { rateLimit: false },
        schema: {
          tags,
          summary: 'CORS preflight for an allowed origin of the key',
          security: [],
          querystring: ZKeyQuery,
        },
      },
      async (req, reply) => {
        await admitted(ctx, req, reply, req.query.key);
        return reply
          .code(204)
          .header('access-control-allow-methods', 'POST')
          .header('access-control-allow-headers', 'content-type')
          .header('access-control-max-age', '600')
          .send();
      },
    );

    r.post(
      '/sdk/v1/events',
      {
        bodyLimit: MAX_SDK_BODY,
        config: { rateLimit: false, uploadTypes: ['text/plain'] },
        schema: {
          tags,
          summary: `Browser SDK events with a public key (≤ ${MAX_SDK_EVENTS} events, ≤ 64 KB; JSON as application/json or text/plain)`,
          // Public: the key in the query string is not a session or an API key (and is not audited per write).
          security: [],
          description:
            "Body `{anonymousId?, customer?: {externalId?, phone?, email?, name?}, context?, events: [{id, type, occurredAt, properties?}]}`. The Origin must be one of the key's allowed origins; every event type must be allowed by the key (else 422 naming `events[i].type`). The same event id twice is stored once.",
          querystring: ZKeyQuery,
          body: z.unknown(),
          response: { 202: ZSdkIngestResponse },
        },
      },
      async (req, reply) => {
        const key = await admitted(ctx, req, reply, req.query.key);
        try {
          return reply.code(202).send(await ingestSdkEvents(ctx, key, req.body));
        } catch (err) {
          if (err instanceof AppError && err.code === 'rate_limited')
            reply.header('retry-after', String(err.extra?.retryAfter ?? 1));
          throw err;
        }
      },
    );
  });
}
