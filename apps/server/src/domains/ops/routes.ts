import { type THealthResponse, type TReadyResponse, ZHealthResponse, ZReadyResponse } from '@loopcx/shared';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { httpDuration, httpRequests, jobsGauge, registry } from '../../platform/prom.ts';
import { databaseReady } from './queries/database-ready.ts';
import { jobQueue } from './queries/job-queue.ts';

/** Liveness, readiness and Prometheus metrics; unauthenticated by convention, they expose no tenant data. */
export async function opsRoutes(app: FastifyInstance, ctx: AppContext) {
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions?.url ?? 'unmatched';
    httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
    httpDuration.observe({ route }, reply.elapsedTime / 1000);
  });

  app.get(
    '/healthz',
    { schema: { hide: true, response: { 200: ZHealthResponse } } },
    async (): Promise<THealthResponse> => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    // A load balancer's probe must not time out behind a console query (query-budget.ts).
    { config: { dbLane: 'short' }, schema: { hide: true, response: { 200: ZReadyResponse } } },
    async (): Promise<TReadyResponse> => {
      if (!(await databaseReady(ctx))) throw new AppError('unavailable', 'The database is not reachable');
      return { status: 'ready', database: ctx.database.kind };
    },
  );

  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    // The queue's depth is read at scrape time, so every node reports the one shared queue (not its own share).
    const queue = await jobQueue(ctx);
    jobsGauge.reset();
    for (const j of queue) jobsGauge.set({ kind: j.kind, state: j.state }, j.n);
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
