import { ZInterceptShowResponse, ZSdkConfigResponse } from '@loopcx/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { utf8JsonParser } from '../../platform/request-guards.ts';
import type { Router } from '../../platform/routing.ts';
import { admitted, preflight, sdkPreflightRoute, ZKeyQuery } from '../sdk-keys/admit.ts';
import { widgetConfigOf } from '../sdk-keys/widget-config.ts';
import { MAX_SHOW_BODY, showIntercept } from './commands/show-intercept.ts';
import { interceptsForKey } from './queries/sdk-config.ts';

const tags = ['sdk'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What the browser SDK reads and asks about intercepts (contract 1 and 2): `GET /sdk/v1/config` (the key's live
 * intercepts and its 吐槽 widget) and `POST /sdk/v1/intercepts/:id/show` (the server's last word on showing one), each
 * with its CORS preflight, admitted like the event ingest (key, Origin).
 */
export async function interceptPublicRoutes(root: Router, ctx: AppContext) {
  await root.register(async (scope) => {
    const r = scope.withTypeProvider<ZodTypeProvider>();
    // The SDK posts text/plain (a simple request, no preflight): parsed as JSON with the usual depth and key guards.
    r.addContentTypeParser('text/plain', { parseAs: 'buffer' }, utf8JsonParser(scope));

    sdkPreflightRoute(r, ctx, '/sdk/v1/config', 'GET', 'CORS preflight of the SDK config');

    r.get(
      '/sdk/v1/config',
      {
        schema: {
          tags,
          summary: "The SDK's configuration for a public key: its live intercepts and its 吐槽 widget",
          description:
            'Only enabled intercepts of live surveys that apply to this key (all keys or this one). `feedback` is null when the widget is off for the key. Cached by the browser for 60 s.',
          security: [],
          querystring: ZKeyQuery,
          response: { 200: ZSdkConfigResponse },
        },
      },
      async (req, reply) => {
        const key = await admitted(ctx, req, reply, req.query.key);
        const [intercepts, feedback] = await Promise.all([interceptsForKey(ctx.db, key), widgetConfigOf(ctx, key)]);
        return reply.header('cache-control', 'private, max-age=60').send({ intercepts, feedback });
      },
    );

    const params = z.object({ id: z.string().max(100) });
    r.options(
      '/sdk/v1/intercepts/:id/show',
      {
        config: { rateLimit: false },
        schema: { tags, summary: 'CORS preflight of an intercept show', security: [], params, querystring: ZKeyQuery },
      },
      async (req, reply) => {
        await admitted(ctx, req, reply, req.query.key);
        return preflight(reply, 'POST');
      },
    );

    r.post(
      '/sdk/v1/intercepts/:id/show',
      {
        bodyLimit: MAX_SHOW_BODY,
        config: { rateLimit: false, uploadTypes: ['text/plain'] },
        schema: {
          tags,
          summary:
            'Ask to show an intercept to this visitor; the server samples and applies once-per-days and the contact policy',
          description:
            'Body `{anonymousId, customer?: {externalId?, phone?, email?, name?}, context?: {url?, locale?}}` (≤ 8 KB). 200 `{show: true, url, invitationId}` with the survey link for the frame (an invitation is recorded), or `{show: false, reason}` with reason once_per_days, contact_policy, opted_out, inactive or sampled_out. Counted against the key like one event.',
          security: [],
          params,
          querystring: ZKeyQuery,
          body: z.unknown(),
          response: { 200: ZInterceptShowResponse },
        },
      },
      async (req, reply) => {
        const key = await admitted(ctx, req, reply, req.query.key);
        if (!UUID.test(req.params.id)) throw new AppError('not_found', 'Intercept not found');
        try {
          return reply.send(await showIntercept(ctx, key, req.params.id, req.body));
        } catch (err) {
          if (err instanceof AppError && err.code === 'rate_limited')
            reply.header('retry-after', String(err.extra?.retryAfter ?? 1));
          throw err;
        }
      },
    );
  });
}
