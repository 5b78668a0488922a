import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { apiKeyRoutes } from './domains/api-keys/routes.ts';
import { authPublicRoutes, meRoutes } from './domains/auth/routes.ts';
import { opsRoutes } from './domains/ops/routes.ts';
import { orgRoutes } from './domains/org/routes.ts';
import { teamRoutes } from './domains/teams/routes.ts';
import { userRoutes } from './domains/users/routes.ts';
import { authenticate } from './platform/auth.ts';
import type { AppContext } from './platform/context.ts';
import { createHttp } from './platform/http.ts';
import type { Router } from './platform/routing.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const consoleDist = join(here, '..', '..', 'console', 'dist');

type RouteModule = (r: Router, ctx: AppContext) => Promise<void>;

/** Authenticated API modules, mounted under /api/v1 behind `authenticate`. Domains add themselves here. */
const privateModules: RouteModule[] = [meRoutes, orgRoutes, teamRoutes, userRoutes, apiKeyRoutes];
/** Public API modules (login, survey respondent endpoints): they authenticate by other means or not at all. */
const publicModules: RouteModule[] = [authPublicRoutes];

export interface BuildServerOptions {
  /** Serve the built console from apps/console/dist when present (off in API tests). */
  serveConsole?: boolean;
}

/** Builds the HTTP server for a context: API, docs, ops endpoints and the console. */
export async function buildServer(ctx: AppContext, opts: BuildServerOptions = {}): Promise<FastifyInstance> {
  const withConsole = !!opts.serveConsole && existsSync(join(consoleDist, 'index.html'));
  const app = await createHttp({
    bodyLimit: ctx.config.bodyLimit,
    logLevel: ctx.config.logLevel,
    spaFallback: withConsole ? (_req, reply) => reply.type('text/html').sendFile('index.html', { maxAge: 0 }) : undefined,
  });
  await opsRoutes(app, ctx);

  await app.register(async (api) => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    for (const mod of publicModules) await mod(r, ctx);
  }, { prefix: '/api/v1' });

  await app.register(async (api) => {
    api.addHook('preHandler', authenticate(ctx));
    const r = api.withTypeProvider<ZodTypeProvider>();
    for (const mod of privateModules) await mod(r, ctx);
  }, { prefix: '/api/v1' });

  if (withConsole) {
    await app.register(fastifyStatic, { root: consoleDist, prefix: '/', wildcard: false, maxAge: '1h', index: ['index.html'] });
  }
  return app;
}
