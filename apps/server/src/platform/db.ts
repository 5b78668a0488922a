import { closeSync, existsSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { PgliteThread } from './pglite-thread.ts';
import { currentBudget } from './query-budget.ts';

/** The Drizzle handle every domain uses; the same type over PGlite and node-postgres. */
export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;
/** A transaction handle; same query API as `Db`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either a database or an open transaction: commands accept both so callers choose the boundary. */
export type Executor = Db | Tx;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /**
   * Where read-only dashboard and report queries go: the replica at DATABASE_READ_URL, else `db`. Up to the
   * replica's lag behind (docs/deploy.md); never for reads that must see the caller's own write.
   */
  readDb: Db;
  /** Runs a multi-statement SQL script (migrations). */
  execScript(script: string): Promise<void>;
  /** Runs `fn` on one pinned connection (session-level locks such as advisory locks need this). */
  session<T>(fn: (exec: (script: string) => Promise<Array<Record<string, unknown>>>) => Promise<T>): Promise<T>;
  /**
   * LISTEN on a channel (PostgreSQL only; PGlite is single-process so in-process fan-out is enough), on a connection
   * of its own that is re-opened with backoff whenever it is lost (a restart, a failover, pg_terminate_backend):
   * `hooks.lost` runs when it drops, `hooks.back` once LISTEN holds again — notifications sent in between are gone,
   * the caller replays them (bus.ts).
   */
  listen?(channel: string, onMessage: (payload: string) => void, hooks?: ListenHooks): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** PGlite only: a tarball of the data directory (tests dump a migrated template and load it per file). */
  dumpDataDir?(): Promise<Blob>;
}

/** What a LISTEN connection reports about itself (`Database.listen`). */
export interface ListenHooks {
  lost?(err: Error): void;
  /** LISTEN holds again after a loss, `downMs` after it was noticed. */
  back?(downMs: number): void | Promise<void>;
}

/**
 * Runs a query and returns its rows. Drizzle's `execute` returns driver-specific results
 * (node-postgres QueryResult, PGlite Results); both carry `rows`.
 */
export async function rows<T = Record<string, unknown>>(ex: Executor, query: SQL): Promise<T[]> {
  const res = (await ex.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

/** First row or undefined. */
export async function one<T = Record<string, unknown>>(ex: Executor, query: SQL): Promise<T | undefined> {
  return (await rows<T>(ex, query))[0];
}

export { sql };

/**
 * PGlite must never be opened by two processes: a second process gets no error and acknowledged rows are lost
 * (measured, see docs/ARCHITECTURE.md). We hold an exclusive lock file holding our pid and refuse to start while
 * another live process holds it.
 */
function takeDataDirLock(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lockFile = join(dir, 'loopcx.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(lockFile);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(lockFile, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new Error(
          `The embedded database in ${dir} is in use by process ${pid}. PGlite supports one process per data directory; ` +
            'stop that process, or set DATABASE_URL to run several roles on PostgreSQL.',
        );
      }
      unlinkSync(lockFile); // stale lock from a crashed process
    }
  }
  throw new Error(`Could not lock ${lockFile}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface OpenDatabaseOptions {
  databaseUrl?: string;
  /** PGlite data directory; `memory://` for an in-memory database. */
  dataDir?: string;
  /** A PGlite data dir tarball to start from (tests load a migrated template). */
  loadDataDir?: Blob | File;
  poolSize?: number;
  /**
   * A direct connection to the primary for LISTEN and session-level advisory locks (migrations), when `databaseUrl`
   * goes through PgBouncer in transaction mode (which keeps neither across transactions).
   */
  directUrl?: string;
  /** A streaming replica for read-only dashboard and report queries (`Database.readDb`). */
  readUrl?: string;
}

/** Opens PostgreSQL when a URL is given, else embedded PGlite. */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 20, opts.directUrl, opts.readUrl);
  return openPglite(opts.dataDir ?? 'memory://', opts.loadDataDir);
}

async function openPglite(dataDir: string, loadDataDir?: Blob | File): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  const pgDir = inMemory ? dataDir : join(dataDir, 'pglite');
  const release = inMemory ? () => {} : takeDataDirLock(dataDir);
  let client: PgliteThread;
  try {
    if (!inMemory && !existsSync(pgDir)) mkdirSync(pgDir, { recursive: true });
    // PGlite runs on a thread of its own (see pglite-worker.mjs): SQL no longer stops HTTP handling.
    client = new PgliteThread(pgDir, loadDataDir ? await loadDataDir.arrayBuffer() : undefined);
    await client.ready;
  } catch (err) {
    release();
    throw err;
  }
  // Drizzle's PGlite driver only calls query/transaction, which the thread client provides with PGlite's semantics.
  const db = drizzlePglite({ client: client as unknown as PGlite }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    readDb: db,
    dumpDataDir: () => client.dumpDataDir(),
    async execScript(script) {
      await client.exec(script);
    },
    async session(fn) {
      return fn(async (script) => {
        const results = (await client.exec(script)) as Array<{ rows: Array<Record<string, unknown>> }>;
        return results.at(-1)?.rows ?? [];
      });
    },
    async close() {
      await client.close();
      release();
    },
  };
}

/** Connections kept for the short lane (survey submit, ingest, sessions) so long queries cannot take them all. */
const SHORT_LANE_CONNECTIONS = 4;

type BudgetedClient = pg.PoolClient & { loopcxTimeoutMs?: number };

/**
 * A pool whose connections dying (a server restart, `pg_terminate_backend`, a failover) never crash the process.
 * pg-pool listens for an idle client's 'error' but removes that listener while the client is checked out, and a
 * socket error then is emitted on the client with nobody listening: Node throws it (a worker holding a transaction
 * died so when every connection was terminated). Every client gets a listener of its own from the start; the
 * query in flight still fails with the error, and pg-pool drops a client that is no longer queryable on release,
 * so the next query opens a fresh connection.
 */
function survivingPool(pool: pg.Pool): pg.Pool {
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  return pool;
}

/**
 * Gives each checked-out connection the statement budget of the code that asked for it (query-budget.ts): the
 * `SET statement_timeout` runs on the connection before the caller's statement (one extra round trip only
 * when the budget differs from the connection's last one), so a request's slow statement is cancelled by the
 * server with SQLSTATE 57014 (answered 503) while jobs keep their longer budget. Short-lane callers check out from
 * a small pool of their own.
 */
function budgetedPools(url: string, max: number, behindPooler = false): pg.Pool {
  const pool = survivingPool(new pg.Pool({ connectionString: url, max }));
  const shortPool = survivingPool(new pg.Pool({ connectionString: url, max: SHORT_LANE_CONNECTIONS }));
  // Awaited before the caller's statement: pg deprecates (and warns about) queueing a query on a busy client.
  const apply = async (client: BudgetedClient, ms: number) => {
    // Behind a transaction-mode pooler a session SET stays on the server connection and would reach other clients'
    // transactions: there the budget is the database role's statement_timeout (docs/deploy.md), not set per request.
    if (behindPooler || client.loopcxTimeoutMs === ms) return;
    try {
      await client.query(`SET statement_timeout = ${Math.max(0, Math.floor(ms))}`);
      client.loopcxTimeoutMs = ms;
    } catch {
      client.loopcxTimeoutMs = undefined;
    }
  };
  type Callback = (err: Error | undefined, client?: pg.PoolClient, done?: (release?: unknown) => void) => void;
  const connectOf = (p: pg.Pool) => p.connect.bind(p) as (cb?: Callback) => Promise<pg.PoolClient> | undefined;
  const [general, short] = [connectOf(pool), connectOf(shortPool)];
  // pg-pool's own `query` checks out through `this.connect(callback)`, Drizzle's transactions through
  // `connect()`: both pass here, in the caller's async context.
  (pool as unknown as { connect: unknown }).connect = (cb?: Callback) => {
    const budget = currentBudget();
    const connect = budget.lane === 'short' ? short : general;
    if (cb)
      return connect((err, client, done) => {
        if (err || !client) return cb(err, client, done);
        void apply(client, budget.timeoutMs).then(() => cb(err, client, done));
      });
    return (connect() as Promise<pg.PoolClient>).then(async (client) => {
      await apply(client, budget.timeoutMs);
      return client;
    });
  };
  const end = pool.end.bind(pool);
  pool.end = (async () => {
    await Promise.all([end(), shortPool.end()]);
  }) as typeof pool.end;
  return pool;
}

async function openPostgres(url: string, max: number, directUrl?: string, readUrl?: string): Promise<Database> {
  // DATABASE_DIRECT_URL says DATABASE_URL is a pooler (PgBouncer in transaction mode).
  const pool = budgetedPools(url, max, Boolean(directUrl));
  await pool.query('select 1');
  const db = drizzleNodePg({ client: pool }) as unknown as Db;
  // Session state (LISTEN, advisory locks) needs a connection that stays ours: behind PgBouncer in transaction mode
  // only a direct one does. Two connections: the bus's listener and a migration lock.
  const direct = directUrl ? survivingPool(new pg.Pool({ connectionString: directUrl, max: 2 })) : pool;
  const replica = readUrl ? budgetedPools(readUrl, Math.max(2, Math.ceil(max / 2))) : undefined;
  return {
    kind: 'postgres',
    db,
    readDb: replica ? (drizzleNodePg({ client: replica }) as unknown as Db) : db,
    async execScript(script) {
      await pool.query(script);
    },
    async session(fn) {
      const client = await direct.connect();
      try {
        return await fn(async (script) => {
          const res = (await client.query(script)) as unknown as pg.QueryResult | pg.QueryResult[];
          const last = Array.isArray(res) ? res.at(-1) : res;
          return (last?.rows ?? []) as Array<Record<string, unknown>>;
        });
      } finally {
        client.release();
      }
    },
    // On its own connection, re-opened with backoff (bus-postgres.ts); to the primary directly when DATABASE_URL
    // goes through PgBouncer in transaction mode, which does not keep LISTEN.
    listen: (channel, onMessage, hooks) => listenWithReconnect(directUrl ?? url, channel, onMessage, hooks),
    async close() {
      await Promise.all([pool.end(), direct !== pool ? direct.end() : undefined, replica?.end()]);
    },
  };
}

/** How long the LISTEN connection waits before its next attempt: 100 ms doubling to 5 s. */
const LISTEN_BACKOFF = { firstMs: 100, maxMs: 5_000 };
/** How the LISTEN connection shows in `pg_stat_activity`. */
export const LISTEN_APPLICATION_NAME = 'loopcx listen';
/** A LISTEN connection that silently died (no FIN) is noticed by this heartbeat. */
const LISTEN_HEARTBEAT_MS = 10_000;

/**
 * LISTEN on a dedicated connection (not from the pool: a pooled client erroring while checked out crashed the
 * process, and pooled connections may sit behind a transaction-mode PgBouncer where LISTEN does not work). Any
 * error or end re-opens it with backoff until `unlisten()` is called.
 */
async function listenWithReconnect(
  url: string,
  channel: string,
  onMessage: (payload: string) => void,
  hooks: ListenHooks = {},
): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let reconnecting: Promise<void> | undefined;

  const open = async () => {
    const c = new pg.Client({ connectionString: url, keepAlive: true, application_name: LISTEN_APPLICATION_NAME });
    c.on('notification', (msg) => {
      if (msg.channel === channel) onMessage(msg.payload ?? '');
    });
    c.on('error', (err) => lose(c, err));
    c.on('end', () => lose(c, new Error('the LISTEN connection ended')));
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (err) {
      c.removeAllListeners('end');
      c.on('error', () => {});
      await c.end().catch(() => {});
      throw err;
    }
    client = c;
    clearInterval(heartbeat);
    heartbeat = setInterval(() => {
      c.query('SELECT 1').catch((err: Error) => lose(c, err));
    }, LISTEN_HEARTBEAT_MS);
    heartbeat.unref();
  };

  const lose = (c: pg.Client, err: Error) => {
    if (stopped || client !== c || reconnecting) return;
    client = undefined;
    clearInterval(heartbeat);
    c.removeAllListeners('notification');
    c.end().catch(() => {});
    hooks.lost?.(err);
    const t0 = Date.now();
    reconnecting = (async () => {
      let wait = LISTEN_BACKOFF.firstMs;
      while (!stopped) {
        await new Promise((r) => setTimeout(r, wait));
        if (stopped) return;
        try {
          await open();
          break;
        } catch {
          wait = Math.min(wait * 2, LISTEN_BACKOFF.maxMs);
        }
      }
      reconnecting = undefined;
      if (!stopped) await Promise.resolve(hooks.back?.(Date.now() - t0)).catch(() => {});
    })();
  };

  await open();
  return async () => {
    stopped = true;
    clearInterval(heartbeat);
    const c = client;
    client = undefined;
    if (c) {
      c.removeAllListeners('end');
      await c.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => {});
      await c.end().catch(() => {});
    }
  };
}
