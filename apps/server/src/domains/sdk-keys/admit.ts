import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { lookupPublicKey, type PublicKey } from './queries/key-lookup.ts';
import { requestOrigin } from './request-origin.ts';

export type { PublicKey };

/** The `?key=pk_…` query every public SDK route takes (checked by `admitted`, not here, so a bad one is a 401). */
export const ZKeyQuery = z.object({ key: z.string().max(120).optional() });

const KEY_RE = /^pk_[\w-]{24,100}$/;

/**
 * The key named by `?key=` and the request's Origin, checked before anything is written: an unknown or revoked key is
 * 401, a request without an Origin (keys are for browsers) or from an origin the key does not list is 403 without
 * CORS headers, so the page's script cannot read the answer. An allowed origin gets
 * `Access-Control-Allow-Origin: <origin>` on every answer, errors included.
 */
export async function admitted(
  ctx: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  key?: string,
): Promise<PublicKey> {
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

/** The answer to an admitted CORS preflight of a public SDK route: the method it allows, JSON bodies, cached 10 min. */
export const preflight = (reply: FastifyReply, methods: string) =>
  reply
    .code(204)
    .header('access-control-allow-methods', methods)
    .header('access-control-allow-headers', 'content-type')
    .header('access-control-max-age', '600')
    .send();

/**
 * Registers the CORS preflight of a public SDK route: admitted like the route itself (key and Origin), answered by
 * `preflight` with the route's method. Not rate limited (a browser sends it before the counted request).
 */
export function sdkPreflightRoute(
  r: FastifyInstance<any, any, any, any, ZodTypeProvider>,
  ctx: AppContext,
  path: string,
  method: 'GET' | 'POST',
  summary = 'CORS preflight for an allowed origin of the key',
) {
  r.options(
    path,
    { config: { rateLimit: false }, schema: { tags: ['sdk'], summary, security: [], querystring: ZKeyQuery } },
    async (req, reply) => {
      await admitted(ctx, req, reply, req.query.key);
      return preflight(reply, method);
    },
  );
}
