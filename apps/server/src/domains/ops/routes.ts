import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { httpDuration, httpRequests, registry } from '../../platform/prom.ts';

/** Liveness, readiness and Prometheus metrics; unauthenticated by convention, they expose no tenant data. */
export async function opsRoutes(app: FastifyInstance, ctx: AppContext) {
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions?.url ?? 'unmatched';
    httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
    httpDuration.observe({ route }, reply.elapsedTime / 1000);
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { hide: true } }, async () => {
    try {
      await ctx.db.execute(sql`SELECT 1`);
    } catch {
      throw new AppError('unavailable', 'The database is not reachable');
    }
    return { status: 'ready', database: ctx.database.kind };
  });

  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
