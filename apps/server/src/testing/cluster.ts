// The multi-process harness (issue 21): N web and M worker processes of the real CLI (`bin/loopcx.mjs start
// --role=web|worker`) on one scratch PostgreSQL database, each with a data directory of its own as if on its own
// machine. Used by the cluster proofs (apps/server/src/cluster/*.cluster.ts, `npm run test:cluster`) and the
// cluster bench. Helpers start, signal and kill nodes, read their logs, wait for a log line, open SSE streams.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

/**
 * The PostgreSQL server the cluster proofs use: LOOPCX_CLUSTER_PG_URL, else TEST_DATABASE_URL, else the local
 * server's `postgres` database. Only its server matters: each cluster gets a scratch database beside it.
 */
export function clusterAdminUrl(): string {
  return (
    process.env.LOOPCX_CLUSTER_PG_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'
  );
}

/** Runs one statement on a short-lived connection to `url`. */
export async function adminQuery<T = Record<string, unknown>>(url: string, text: string, values?: unknown[]) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, values)).rows as T[];
  } finally {
    await c.end();
  }
}

/** An empty database on the cluster's server, created now; `drop()` removes it (connections are forced off). */
export async function scratchClusterDatabase(prefix = 'loopcx_cluster') {
  const adminUrl = clusterAdminUrl();
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    name,
    url: u.toString(),
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined),
  };
}

export type NodeRole = 'web' | 'worker';

export interface NodeOptions {
  role: NodeRole;
  /** A short name for messages ("web1"). */
  name: string;
  databaseUrl: string;
  /** Extra environment for this node. */
  env?: Record<string, string>;
  /** Seed the demo tenant on first start (web nodes; off by default: proofs create their own tenants). */
  demo?: boolean;
}

/**
 * One `loopcx start --role=…` process. `start()` spawns it and waits until it is ready (web: `/readyz` answers 200;
 * worker: it printed "loopcx worker started"). Its whole output is kept in `logs` (stdout and stderr interleaved).
 */
export class ClusterNode {
  readonly role: NodeRole;
  readonly name: string;
  /** http://127.0.0.1:PORT (web nodes; a worker has none). */
  base = '';
  logs = '';
  /** How long the last start took until ready, in ms. */
  startupMs = 0;
  private child: ChildProcess | undefined;
  private exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
  private readonly dataDir: string;
  private readonly onExitKill = () => this.child?.kill('SIGKILL');

  constructor(private readonly opts: NodeOptions) {
    this.role = opts.role;
    this.name = opts.name;
    this.dataDir = mkdtempSync(join(tmpdir(), `loopcx-${opts.name}-`));
    process.on('exit', this.onExitKill);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** True while the process runs. */
  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Spawns the process (no wait); `ready()` waits for it. */
  async spawn(): Promise<void> {
    if (this.role === 'web' && !this.base) this.base = `http://127.0.0.1:${await freePort()}`;
    const args = [join(root, 'bin/loopcx.mjs'), 'start', `--role=${this.role}`, '--dev'];
    if (!this.opts.demo) args.push('--no-demo');
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: this.opts.databaseUrl,
        LOOPCX_DATA_DIR: this.dataDir,
        LOOPCX_SECRET: 'cluster-proof-secret-0123456789abcdef',
        LOOPCX_DEMO_PASSWORD: 'cluster-demo-password',
        LOOPCX_SEED_DEMO: this.opts.demo ? 'true' : 'false',
        LOG_LEVEL: 'warn',
        ...(this.base ? { PORT: new URL(this.base).port, HOST: '127.0.0.1', LOOPCX_PUBLIC_URL: this.base } : {}),
        ...this.opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.logs = '';
    const keep = (b: Buffer) => {
      this.logs += b.toString();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.child = child;
    this.exit = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  }

  /** Waits until the node serves (web) or has started its worker loop; throws with its logs if it exits first. */
  async ready(timeoutMs = 180_000): Promise<void> {
    const t0 = Date.now();
    while (Date.now() < t0 + timeoutMs) {
      if (!this.running) throw new Error(`${this.name} exited before it was ready:\n${this.logs.slice(-4000)}`);
      if (this.role === 'worker') {
        if (this.logs.includes('loopcx worker started')) break;
      } else {
        try {
          if ((await fetch(`${this.base}/readyz`)).ok) break;
        } catch {}
      }
      await sleep(100);
    }
    if (Date.now() >= t0 + timeoutMs) throw new Error(`${this.name} was not ready in ${timeoutMs} ms:\n${this.logs}`);
    this.startupMs = Date.now() - t0;
  }

  async start(): Promise<void> {
    await this.spawn();
    await this.ready();
  }

  /** Resolves when the process has exited (at once when it is not running). */
  async exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.exit ?? { code: null, signal: null };
  }

  /**
   * Sends `signal` and waits for the exit; returns how long the process took to exit, in ms. With `timeoutMs`, a
   * process still running then is killed (SIGKILL) and `timedOut` is true.
   */
  async kill(
    signal: NodeJS.Signals = 'SIGKILL',
    opts: { timeoutMs?: number } = {},
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number; timedOut: boolean }> {
    const t0 = Date.now();
    if (this.running) this.child?.kill(signal);
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    if (opts.timeoutMs !== undefined)
      timer = setTimeout(() => {
        timedOut = this.running;
        this.child?.kill('SIGKILL');
      }, opts.timeoutMs);
    const res = await this.exited();
    clearTimeout(timer);
    return { ...res, ms: Date.now() - t0, timedOut };
  }

  /** Waits until the node's output matches `pattern` (counting from `from`, an offset into `logs`). */
  async waitForLog(pattern: RegExp, timeoutMs = 60_000, from = 0): Promise<string> {
    const t0 = Date.now();
    while (Date.now() < t0 + timeoutMs) {
      const m = this.logs.slice(from).match(pattern);
      if (m) return m[0];
      if (!this.running) break;
      await sleep(50);
    }
    throw new Error(`${this.name}: no log line matching ${pattern} within ${timeoutMs} ms:\n${this.logs.slice(-4000)}`);
  }

  /** Kills a still-running process and removes its data directory. */
  async dispose(): Promise<void> {
    await this.kill('SIGKILL');
    process.off('exit', this.onExitKill);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export interface ClusterOptions {
  web: number;
  worker: number;
  /** Start every node at once (the concurrent-first-start proof) instead of one after another. */
  together?: boolean;
  /** Seed the demo tenant on first start. */
  demo?: boolean;
  /** Extra environment for every node. */
  env?: Record<string, string>;
  /** Use this database instead of a scratch one (the caller drops it). */
  databaseUrl?: string;
}

/** A running cluster on a scratch database: its nodes, and `stop()` to kill them all and drop the database. */
export interface Cluster {
  databaseUrl: string;
  nodes: ClusterNode[];
  web: ClusterNode[];
  workers: ClusterNode[];
  /** Adds (and starts) one more node. */
  add(role: NodeRole, env?: Record<string, string>): Promise<ClusterNode>;
  stop(): Promise<void>;
}

/** Starts `web` web nodes and `worker` worker nodes; on failure everything started is stopped again. */
export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const scratch = opts.databaseUrl ? undefined : await scratchClusterDatabase();
  const databaseUrl = opts.databaseUrl ?? scratch!.url;
  const nodes: ClusterNode[] = [];
  const make = (role: NodeRole, env?: Record<string, string>) => {
    const n = nodes.filter((x) => x.role === role).length + 1;
    const node = new ClusterNode({
      role,
      name: `${role}${n}`,
      databaseUrl,
      demo: opts.demo,
      env: { ...opts.env, ...env },
    });
    nodes.push(node);
    return node;
  };
  const cluster: Cluster = {
    databaseUrl,
    nodes,
    get web() {
      return nodes.filter((n) => n.role === 'web');
    },
    get workers() {
      return nodes.filter((n) => n.role === 'worker');
    },
    async add(role, env) {
      const node = make(role, env);
      await node.start();
      return node;
    },
    async stop() {
      await Promise.all(nodes.map((n) => n.dispose()));
      await scratch?.drop();
    },
  };
  try {
    const planned = [
      ...Array.from({ length: opts.web }, () => make('web')),
      ...Array.from({ length: opts.worker }, () => make('worker')),
    ];
    if (opts.together) {
      await Promise.all(planned.map((n) => n.spawn()));
      await Promise.all(planned.map((n) => n.ready()));
    } else {
      // The first node migrates the empty database; the rest then start side by side.
      await planned[0]?.start();
      await Promise.all(planned.slice(1).map((n) => n.start()));
    }
    return cluster;
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}

/** Ends every connection of `databaseUrl`'s database except the caller's (a failover, as nodes see it). */
export async function terminateBackends(databaseUrl: string): Promise<number> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const res = await adminQuery<{ n: string }>(
    clusterAdminUrl(),
    `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) AS n FROM pg_stat_activity
      WHERE datname = $1 AND pid <> pg_backend_pid()`,
    [name],
  );
  return Number(res[0]?.n ?? 0);
}

/** One Server-Sent Event as received. */
export interface SseEvent {
  event: string;
  data: unknown;
}

/**
 * An open `/api/v1/stream` on a node: collects its events in `events`; `until(pred)` waits for a condition on them;
 * `closed` resolves when the server ends the stream; `close()` ends it from this side.
 */
export async function openStream(base: string, cookie: string) {
  const ac = new AbortController();
  const res = await fetch(`${base}/api/v1/stream`, { headers: { cookie, origin: base }, signal: ac.signal });
  if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
  const events: SseEvent[] = [];
  let buffer = '';
  let listeners: Array<() => void> = [];
  const decoder = new TextDecoder();
  const reader = res.body.getReader();
  const closed = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length) events.push({ event, data: JSON.parse(data.join('\n')) });
          cut = buffer.indexOf('\n\n');
        }
        for (const l of listeners) l();
      }
    } catch {
      /* aborted, or the connection was cut */
    } finally {
      for (const l of listeners) l();
    }
  })();
  let ended = false;
  void closed.then(() => {
    ended = true;
  });
  return {
    events,
    closed,
    get ended() {
      return ended;
    },
    /** The ids of the committed responses this stream has announced. */
    responseIds(): Set<string> {
      const ids = new Set<string>();
      for (const e of events)
        if (e.event === 'responses') for (const i of (e.data as { items: Array<{ id: string }> }).items) ids.add(i.id);
      return ids;
    },
    /** Waits until `pred()` holds (re-checked on every chunk received), or throws after `timeoutMs`. */
    async until(pred: () => boolean, timeoutMs = 30_000, what = 'the expected events'): Promise<void> {
      if (pred()) return;
      await new Promise<void>((resolveWait, reject) => {
        const timer = setTimeout(() => {
          listeners = listeners.filter((l) => l !== check);
          reject(new Error(`stream on ${base}: no ${what} within ${timeoutMs} ms (${events.length} events)`));
        }, timeoutMs);
        const check = () => {
          if (pred()) {
            clearTimeout(timer);
            listeners = listeners.filter((l) => l !== check);
            resolveWait();
          }
        };
        listeners.push(check);
      });
    },
    close() {
      ac.abort();
    },
  };
}

/**
 * A tenant created directly in the cluster's (migrated) database, with a session for its owner; `api` is the owner's
 * JSON client against any node (`api(node.base, 'POST', '/surveys', body)`), throwing unless 2xx.
 */
export async function seedClusterTenant(databaseUrl: string, slug: string) {
  const { openDatabase, sql } = await import('../platform/db.ts');
  const { createTenant } = await import('../domains/tenancy/create-tenant.ts');
  const { randomToken, sha256 } = await import('../platform/passwords.ts');
  const database = await openDatabase({ databaseUrl, poolSize: 1 });
  try {
    const t = await database.db.transaction((tx) =>
      createTenant(tx, {
        slug,
        name: slug,
        root: { code: 'HQ', name: 'HQ' },
        owner: { email: `owner@${slug}.test`, name: 'Owner', password: randomBytes(16).toString('hex') },
      }),
    );
    const token = randomToken();
    await database.db.execute(
      sql`INSERT INTO sessions (id, tenant_id, user_id, expires_at) VALUES (${sha256(token)}, ${t.tenantId}, ${t.ownerId}, now() + interval '1 day')`,
    );
    const cookie = `lcx_session=${token}`;
    const api = async (base: string, method: string, path: string, body?: unknown) => {
      const r = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: { cookie, origin: base, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      if (!r.ok) throw new Error(`${method} ${base}${path} → ${r.status}: ${text}`);
      return text ? JSON.parse(text) : undefined;
    };
    return { tenantId: t.tenantId, cookie, api };
  } finally {
    await database.close();
  }
}

/** A published NPS survey (rating `nps`, comment `why`) and an API key of the tenant, created through `base`. */
export async function npsSurveyAndKey(api: Awaited<ReturnType<typeof seedClusterTenant>>['api'], base: string) {
  const definition = {
    elements: [
      { type: 'rating', name: 'nps', rateMin: 0, rateMax: 10, isRequired: true },
      { type: 'comment', name: 'why' },
    ],
  };
  const surveyId: string = (
    await api(base, 'POST', '/surveys', { name: 'cluster', definition, bindings: { nps: 'nps' } })
  ).id;
  await api(base, 'POST', `/surveys/${surveyId}/publish`);
  const apiKey: string = (await api(base, 'POST', '/api-keys', { name: 'cluster' })).key;
  return { surveyId, apiKey };
}

/** Posts `count` responses as one batch (API key) to `base`; returns the stored ids (throws unless 200). */
export async function postBatch(base: string, apiKey: string, surveyId: string, count: number, tag = 'b') {
  const r = await fetch(`${base}/api/v1/responses/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({
      responses: Array.from({ length: count }, (_, i) => ({
        surveyId,
        orgUnitCode: 'HQ',
        answers: { nps: i % 11 },
        idempotencyKey: `${tag}-${i}-${randomBytes(4).toString('hex')}`,
      })),
    }),
  });
  const text = await r.text();
  if (r.status !== 200) throw new Error(`batch to ${base} answered ${r.status}: ${text.slice(0, 500)}`);
  const body = JSON.parse(text) as { results: Array<{ id?: string; status: string }> };
  return body.results.map((x) => x.id).filter((x): x is string => !!x);
}
