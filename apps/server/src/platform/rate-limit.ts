import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from './context.ts';
import { type Executor, one, sql } from './db.ts';
import { AppError } from './errors.ts';
import { sha256 } from './passwords.ts';

type Incr = (err: Error | null, res?: { current: number; ttl: number }) => void;

/**
 * Counts one hit in a bucket's window in the database (`rate_limit_counters`, unlogged) and returns the window's
 * count and the ms left in it. A window starts at its bucket's first hit and lasts `windowMs`; every node counts into
 * the same row, so N nodes behind a load balancer share one budget instead of multiplying it. Database time, so the
 * nodes' clocks do not matter.
 */
export async function countHit(db: Executor, bucket: string, windowMs: number) {
  const row = await one<{ hits: number; ttl: number }>(
    db,
    sql`INSERT INTO rate_limit_counters AS c (bucket, window_start, hits) VALUES (${bucket}, clock_timestamp(), 1)
        ON CONFLICT (bucket) DO UPDATE SET
          hits = CASE WHEN c.window_start + make_interval(secs => ${windowMs / 1000}) > EXCLUDED.window_start
                      THEN c.hits + 1 ELSE 1 END,
          window_start = CASE WHEN c.window_start + make_interval(secs => ${windowMs / 1000}) > EXCLUDED.window_start
                              THEN c.window_start ELSE EXCLUDED.window_start END
        RETURNING hits,
          greatest(0, extract(epoch FROM window_start + make_interval(secs => ${windowMs / 1000}) - clock_timestamp()) * 1000)::int AS ttl`,
  );
  return { current: row?.hits ?? 1, ttl: row?.ttl ?? windowMs };
}

/** A `@fastify/rate-limit` store counting in the database (see countHit); one class per context. */
export function sharedStore(ctx: AppContext) {
  return class SharedStore {
    incr(key: string, cb: Incr, timeWindow: number) {
      countHit(ctx.db, key, timeWindow).then(
        (res) => cb(null, res),
        (err: Error) => cb(err),
      );
    }
    child() {
      return new SharedStore();
    }
  };
}

const bearerOf = (req: FastifyRequest) => {
  const h = req.headers.authorization;
  return typeof h === 'string' && h.toLowerCase().startsWith('bearer ') ? h.slice(7).trim() : undefined;
};

/** The 429 problem: `Retry-After` is set by the plugin; the body says which budget ran out. */
const refusal = (ctx: AppContext, what: string) => (_req: FastifyRequest, c: { max: number; ttl: number }) =>
  new AppError(
    'rate_limited',
    `More than ${c.max} requests in ${ctx.config.rateLimitWindowMs / 1000} s ${what}; retry in ${Math.max(1, Math.ceil(c.ttl / 1000))} s`,
  );

/**
 * Per client address on the public endpoints (survey pages and submissions, login, SSO): `LOOPCX_RATE_LIMIT_IP`
 * requests a window (1 s by default), counted cluster-wide. Registered in the scope holding those routes; 0 registers nothing.
 */
export async function limitPerClient(scope: FastifyInstance, ctx: AppContext) {
  const max = ctx.config.rateLimitIp;
  if (!max) return;
  await scope.register(rateLimit, {
    max,
    timeWindow: ctx.config.rateLimitWindowMs,
    store: sharedStore(ctx),
    keyGenerator: (req) => `ip:${req.ip}`,
    errorResponseBuilder: refusal(ctx, 'from your address'),
  });
}

/**
 * Per API key on the authenticated API: `LOOPCX_RATE_LIMIT_KEY` requests a window (default 2000 a second, sized for a POS
 * fleet sharing one key), counted cluster-wide before authentication (so a flood of wrong keys costs one counter
 * row per key, not a key lookup). Console sessions are people, throttled at login; they are not counted.
 */
export async function limitPerApiKey(scope: FastifyInstance, ctx: AppContext) {
  const max = ctx.config.rateLimitKey;
  if (!max) return;
  await scope.register(rateLimit, {
    max,
    timeWindow: ctx.config.rateLimitWindowMs,
    store: sharedStore(ctx),
    allowList: (req) => bearerOf(req) === undefined,
    keyGenerator: (req) => `key:${sha256(bearerOf(req) ?? '')}`,
    errorResponseBuilder: refusal(ctx, 'with this API key'),
  });
}

/** Forgets windows that ended (the ops module's task; the table is unlogged, rows are cheap, but not free). */
export async function pruneRateLimits(db: Executor) {
  await db.execute(sql`DELETE FROM rate_limit_counters WHERE window_start < now() - interval '1 hour'`);
}
