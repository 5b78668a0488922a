import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { consolePage } from './console-page.ts';
import { opsRoutes } from './domains/ops/routes.ts';
import { loadModules } from './domains/registry.ts';
import { auditWrites } from './platform/audit-http.ts';
import { authenticate } from './platform/auth.ts';
import type { AppContext } from './platform/context.ts';
import { createHttp, type HttpOptions } from './platform/http.ts';
import { declareKeyScope, enforceKeyScope } from './platform/key-scopes.ts';
import { limitPerApiKey, limitPerClient } from './platform/rate-limit.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const consoleDist = join(here, '..', '..', 'console', 'dist');

/**
 * Files under assets/ carry a content hash in their name, so a browser may keep them for a year without asking
 * again; index.html (which names the current hashes) and anything else is revalidated on every load.
 */
export function consoleCacheControl(path: string): string {
  return /[\\/]assets[\\/][^\\/]+-[\w-]{8}(\.\w+)+$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

export interface BuildServerOptions {
  /** Serve the built console from apps/console/dist when present (off in API tests). */
  serveConsole?: boolean;
  /** The built console to serve (apps/console/dist when absent; tests pass a folder of their own). */
  consoleDir?: string;
  /** Where log lines go (stdout when absent). */
  logStream?: HttpOptions['logStream'];
}

/** Builds the HTTP server for a context: API, docs, ops endpoints and the console. */
export async function buildServer(ctx: AppContext, opts: BuildServerOptions = {}): Promise<FastifyInstance> {
  const consoleDir = opts.consoleDir ?? consoleDist;
  const withConsole = !!opts.serveConsole && existsSync(join(consoleDir, 'index.html'));
  const app = await createHttp({
    bodyLimit: ctx.config.bodyLimit,
    logLevel: ctx.config.logLevel,
    publicUrl: ctx.config.publicUrl,
    trustProxy: ctx.config.trustProxy,
    logStream: opts.logStream,
    spaFallback: withConsole ? consolePage(ctx, consoleDir) : undefined,
  });
  await opsRoutes(app, ctx);
  const modules = await loadModules();
  for (const m of modules) await m.init?.(ctx);

  await app.register(
    async (api) => {
      await limitPerClient(api, ctx);
      const r = api.withTypeProvider<ZodTypeProvider>();
      for (const m of modules) await m.publicRoutes?.(r, ctx);
    },
    { prefix: '/api/v1' },
  );

  await app.register(
    async (api) => {
      await limitPerApiKey(api, ctx);
      api.addHook('onRoute', declareKeyScope);
      api.addHook('preValidation', enforceKeyScope(ctx));
      api.addHook('preHandler', authenticate(ctx));
      api.addHook('onSend', auditWrites(ctx));
      const r = api.withTypeProvider<ZodTypeProvider>();
      for (const m of modules) await m.privateRoutes?.(r, ctx);
    },
    { prefix: '/api/v1' },
  );

  await app.register(async (root) => {
    await limitPerClient(root, ctx);
    const r = root.withTypeProvider<ZodTypeProvider>();
    for (const m of modules) await m.rootRoutes?.(r, ctx);
  });

  if (withConsole) {
    await app.register(fastifyStatic, {
      root: consoleDir,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      // The build writes .br and .gz beside each asset (scripts/vite-precompress.ts): sent as they are, with
      // Content-Encoding and Vary: Accept-Encoding, never compressed per request.
      preCompressed: true,
      setHeaders: (reply, path) => reply.header('cache-control', consoleCacheControl(path)),
    });
  }
  return app;
}
