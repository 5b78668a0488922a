import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import type { AppContext } from './context.ts';
import { type Executor, rows, sql } from './db.ts';
import { AppError } from './errors.ts';
import { sha256 } from './passwords.ts';

type Incr = (err: Error | null, res?: { current: number; ttl: number }) => void;

/**
 * Counts `hits` hits in a bucket's window in the database (`rate_limit_counters`, unlogged) and returns the window's
 * count and the ms left in it. A window starts at its bucket's first hit and lasts `windowMs`; every node counts into
 * the same row, so N nodes behind a load balancer share one budget instead of multiplying it. Database time, so the
 * nodes' clocks do not matter.
 */
export async function countHit(db: Executor, bucket: string, windowMs: number, hits = 1) {
  const [row] = await countHits(db, [{ bucket, hits }], windowMs);
  return { current: row?.hits ?? hits, ttl: row?.ttl ?? windowMs };
}

/** `countHit` for several buckets in one statement, rows locked in bucket order (two nodes never deadlock). */
async function countHits(db: Executor, batch: Array<{ bucket: string; hits: number }>, windowMs: number) {
  const win = windowMs / 1000;
  return rows<{ bucket: string; hits: number; ttl: number }>(
    db,
    sql`INSERT INTO rate_limit_counters AS c (bucket, window_start, hits)
        SELECT x.bucket, clock_timestamp(), x.hits
        FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) AS x(bucket text, hits integer) ORDER BY x.bucket
        ON CONFLICT (bucket) DO UPDATE SET
          hits = CASE WHEN c.window_start + make_interval(secs => ${win}) > EXCLUDED.window_start
                      THEN c.hits + EXCLUDED.hits ELSE EXCLUDED.hits END,
          window_start = CASE WHEN c.window_start + make_interval(secs => ${win}) > EXCLUDED.window_start
                              THEN c.window_start ELSE EXCLUDED.window_start END
        RETURNING bucket, hits,
          greatest(0, extract(epoch FROM window_start + make_interval(secs => ${win}) - clock_timestamp()) * 1000)::int AS ttl`,
  );
}

/** How often a node adds the hits it counted to the shared rows. */
const FLUSH_MS = 50;
/** From this share of the budget on, a hit is counted in the shared row at once (exact at the limit). */
const EXACT_FROM = 0.8;

/**
 * Shared counting without a database write per request: a node counts hits in memory and adds them to the shared
 * rows every 50 ms in one statement, learning the cluster-wide totals from its answer; a request is judged on the
 * last known total plus this node's uncounted hits. Far below the budget that can only under-count other nodes'
 * last 50 ms; from 80 % of the budget on, each hit is written and read back at once, so the limit itself is exact
 * across nodes. (One upsert per request held PGlite's single connection: single-response ingest fell from ~3,900
 * to ~420 responses/s with the per-address limit on.)
 */
export class SharedCounter {
  private pending = new Map<string, number>();
  private known = new Map<string, { total: number; until: number }>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly db: Executor,
    private readonly windowMs: number,
  ) {}

  async hit(bucket: string, max: number, hits = 1): Promise<{ current: number; ttl: number }> {
    const now = Date.now();
    let k = this.known.get(bucket);
    if (k && k.until <= now) {
      this.known.delete(bucket);
      k = undefined;
    }
    const mine = (this.pending.get(bucket) ?? 0) + hits;
    const estimate = (k?.total ?? 0) + mine;
    if (estimate >= max * EXACT_FROM) {
      this.pending.delete(bucket);
      const r = await countHit(this.db, bucket, this.windowMs, mine);
      this.known.set(bucket, { total: r.current, until: Date.now() + r.ttl });
      return r;
    }
    this.pending.set(bucket, mine);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_MS);
      this.timer.unref();
    }
    return { current: estimate, ttl: k ? k.until - now : this.windowMs };
  }

  async flush() {
    this.timer = undefined;
    if (!this.pending.size) return;
    const batch = [...this.pending].map(([bucket, hits]) => ({ bucket, hits }));
    this.pending.clear();
    try {
      const now = Date.now();
      for (const r of await countHits(this.db, batch, this.windowMs))
        this.known.set(r.bucket, { total: Number(r.hits), until: now + Number(r.ttl) });
    } catch {
      // A failed flush loses those hits' count (a limit, not a ledger); the next hits are counted again.
    }
    // Windows that ended are forgotten, so the map holds only the buckets seen in the last window.
    const now = Date.now();
    for (const [bucket, k] of this.known) if (k.until <= now) this.known.delete(bucket);
  }
}

/** A `@fastify/rate-limit` store counting in the database (see SharedCounter); one counter per registration. */
export function sharedStore(ctx: AppContext) {
  return class SharedStore {
    private counter?: SharedCounter;
    incr(key: string, cb: Incr, timeWindow: number, max: number) {
      this.counter ??= new SharedCounter(ctx.db, timeWindow);
      this.counter.hit(key, max).then(
        (res) => cb(null, res),
        (err: Error) => cb(err),
      );
    }
    child() {
      return new SharedStore();
    }
  };
}

/** One Redis client per server (`REDIS_URL`), closed with it. */
const redisClients = new WeakMap<AppContext, Redis>();

/**
 * Where a rate limit counts: Redis when `REDIS_URL` is set (@fastify/rate-limit's own Redis store: an INCR with a
 * TTL per key, shared by every node using that Redis), the database otherwise (`sharedStore`).
 */
export function counterStore(scope: FastifyInstance | undefined, ctx: AppContext) {
  const url = ctx.config.redisUrl;
  if (!url) return { store: sharedStore(ctx) };
  let client = redisClients.get(ctx);
  if (!client) {
    // A request waits at most this long for Redis; past it the limit is skipped rather than the request failed.
    client = new Redis(url, { connectTimeout: 2_000, maxRetriesPerRequest: 1, enableOfflineQueue: true });
    client.on('error', () => {}); // reconnects by itself; each refused command is reported to the plugin
    redisClients.set(ctx, client);
    const c = client;
    scope?.addHook('onClose', async () => {
      redisClients.delete(ctx);
      await c.quit().catch(() => c.disconnect());
    });
  }
  return { redis: client, nameSpace: 'loopcx-rl:', skipOnError: true };
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
    ...counterStore(scope, ctx),
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
    ...counterStore(scope, ctx),
    allowList: (req) => bearerOf(req) === undefined,
    keyGenerator: (req) => `key:${sha256(bearerOf(req) ?? '')}`,
    errorResponseBuilder: refusal(ctx, 'with this API key'),
  });
}

/** One shared counter per context and window length (a counter's window is fixed when it is made). */
const eventCounters = new WeakMap<AppContext, Map<number, SharedCounter>>();

/**
 * Counts `n` units (events) against a budget of `max` per `windowMs` for `bucket`, cluster-wide: in Redis when
 * `REDIS_URL` is set (INCRBY with a window TTL), in the database otherwise (SharedCounter, so a request costs no
 * write of its own far below the budget). Returns whether the budget still held and the ms left in the window.
 * A Redis failure lets the request through, as the request limits do (`skipOnError`).
 */
export async function countUnits(
  ctx: AppContext,
  bucket: string,
  n: number,
  max: number,
  windowMs = 1000,
): Promise<{ allowed: boolean; ttl: number }> {
  if (ctx.config.redisUrl) {
    const { redis } = counterStore(undefined, ctx) as { redis?: Redis };
    try {
      const key = `loopcx-rl:${bucket}`;
      const [[, current], [, ttl]] = (await redis!.multi().incrby(key, n).pttl(key).exec()) as [
        [unknown, number],
        [unknown, number],
      ];
      if (ttl < 0) await redis!.pexpire(key, windowMs);
      return { allowed: current <= max, ttl: ttl < 0 ? windowMs : ttl };
    } catch {
      return { allowed: true, ttl: windowMs };
    }
  }
  let byWindow = eventCounters.get(ctx);
  if (!byWindow) {
    byWindow = new Map();
    eventCounters.set(ctx, byWindow);
  }
  let counter = byWindow.get(windowMs);
  if (!counter) {
    counter = new SharedCounter(ctx.db, windowMs);
    byWindow.set(windowMs, counter);
  }
  const r = await counter.hit(bucket, max, n);
  return { allowed: r.current <= max, ttl: r.ttl };
}

/** Forgets windows that ended (the ops module's task; the table is unlogged, rows are cheap, but not free). */
export async function pruneRateLimits(db: Executor) {
  await db.execute(sql`DELETE FROM rate_limit_counters WHERE window_start < now() - interval '1 hour'`);
}
