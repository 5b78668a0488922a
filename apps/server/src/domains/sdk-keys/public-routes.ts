import { ZSdkIngestResponse } from '@loopcx/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { utf8JsonParser } from '../../platform/request-guards.ts';
import type { Router } from '../../platform/routing.ts';
import { admitted, sdkPreflightRoute, ZKeyQuery } from './admit.ts';
import { ingestSdkEvents, MAX_SDK_BODY, MAX_SDK_EVENTS } from './commands/ingest-sdk-events.ts';

const tags = ['sdk'];
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

    sdkPreflightRoute(r, ctx, '/sdk/v1/events', 'POST');

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
