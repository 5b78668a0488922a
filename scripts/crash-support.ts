// What the crash proofs (crash-test.ts, export-crash-test.ts) share: a scratch database, a real server process
// started and killed like a machine losing power, a tenant with an owner session, and the owner's API client.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createTenant } from '../apps/server/src/domains/tenancy/create-tenant.ts';
import { bootContext, closeContext } from '../apps/server/src/platform/boot.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { sql } from '../apps/server/src/platform/db.ts';
import { randomToken, sha256 } from '../apps/server/src/platform/passwords.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The command line of a proof: `--kills N` (a positive integer) and `--db pglite|pg`, plus the proof's own string
 * options (`extra`, name → default).
 */
export function proofArgs<E extends string>(killsDefault: number, extra: Record<E, string> = {} as Record<E, string>) {
  const options: Record<string, { type: 'string'; default: string }> = {
    kills: { type: 'string', default: String(killsDefault) },
    db: { type: 'string', default: 'pglite' },
  };
  for (const [name, value] of Object.entries<string>(extra)) options[name] = { type: 'string', default: value };
  const { values } = parseArgs({ options });
  const kills = Number(values.kills);
  const dbKind = values.db as 'pglite' | 'pg';
  if (!Number.isInteger(kills) || kills < 1) throw new Error('--kills must be a positive integer');
  if (dbKind !== 'pglite' && dbKind !== 'pg') throw new Error('--db must be pglite or pg');
  return { kills, dbKind, values: values as Record<E, string> };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
 * `--db pg`: a scratch database beside LOOPCX_CRASH_PG_URL (default: TEST_DATABASE_URL, else the local server's
 * `postgres` database), dropped by `drop()`. `--db pglite`: no URL, and `drop()` does nothing.
 */
export async function scratchDatabase(dbKind: 'pglite' | 'pg', prefix: string) {
  if (dbKind === 'pglite') return { databaseUrl: undefined, drop: async () => {} };
  const adminUrl =
    process.env.LOOPCX_CRASH_PG_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return { databaseUrl: u.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Runs `fn` on an in-process context over the configured database (the server must be down under PGlite). */
export async function withDb<T>(fn: (ctx: Awaited<ReturnType<typeof bootContext>>) => Promise<T>): Promise<T> {
  const ctx = await bootContext(loadConfig());
  try {
    return await fn(ctx);
  } finally {
    await closeContext(ctx);
  }
}

/**
 * `node bin/loopcx.mjs start` as a child process: `start()` waits for /readyz (180 s: a loaded CI machine, PGlite
 * recovering its WAL), `kill()` sends a signal and waits for the exit. A failed proof never leaves its server behind.
 */
export class ServerProcess {
  private child: ChildProcess | undefined;
  /** The last 4,000 characters the current process printed, for error messages. */
  output = '';
  /** How long each start took until ready, in ms. */
  readonly startupMs: number[] = [];

  constructor(
    readonly base: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    process.on('exit', () => this.child?.kill('SIGKILL'));
  }

  get running() {
    return this.child !== undefined;
  }

  async start() {
    this.output = '';
    const child = spawn(process.execPath, [join(root, 'bin/loopcx.mjs'), 'start', '--dev', '--no-demo'], {
      cwd: root,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (b: Buffer) => {
      this.output = (this.output + b.toString()).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.child = child;
    const t0 = Date.now();
    while (Date.now() < t0 + 180_000) {
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${this.output}`);
      try {
        if ((await fetch(`${this.base}/readyz`)).ok) {
          this.startupMs.push(Date.now() - t0);
          return;
        }
      } catch {}
      await sleep(100);
    }
    throw new Error(`the server did not become ready in 180 s:\n${this.output}`);
  }

  async kill(signal: NodeJS.Signals) {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    child.kill(signal);
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
  }
}

/** A tenant created directly in the database, with a session for its owner (the proof's admin). */
export async function seedTenant(slug: string, name: string) {
  return withDb(async (ctx) => {
    const t = await ctx.db.transaction((tx) =>
      createTenant(tx, {
        slug,
        name,
        root: { code: 'HQ', name: 'HQ' },
        owner: { email: `owner@${slug}.test`, name: 'Owner', password: randomBytes(16).toString('hex') },
      }),
    );
    const token = randomToken();
    await ctx.db.execute(
      sql`INSERT INTO sessions (id, tenant_id, user_id, expires_at) VALUES (${sha256(token)}, ${t.tenantId}, ${t.ownerId}, now() + interval '1 day')`,
    );
    return { tenantId: t.tenantId, cookie: `lcx_session=${token}` };
  });
}

/** The owner's API client: a JSON request with the session cookie and the console's Origin; throws unless 2xx. */
export function ownerApi(base: string, cookie: string) {
  return async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        cookie,
        origin: base,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path} → ${r.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/** The survey both proofs load: an NPS rating (required) and a comment, published. */
export async function publishNpsSurvey(api: ReturnType<typeof ownerApi>): Promise<string> {
  const definition = {
    elements: [
      { type: 'rating', name: 'nps', rateMin: 0, rateMax: 10, isRequired: true },
      { type: 'comment', name: 'why' },
    ],
  };
  const id: string = (await api('POST', '/surveys', { name: 'crash', definition, bindings: { nps: 'nps' } })).id;
  await api('POST', `/surveys/${id}/publish`);
  return id;
}

/**
 * Where a proof runs: a temporary data directory, a free port, a scratch database for `--db pg`, this process's
 * environment pointed at them (plus `env`) for `withDb`, and the server process to start and kill.
 * `cleanUp()` removes the directory and drops the database.
 */
export async function proofEnvironment(dbKind: 'pglite' | 'pg', name: string, env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), `loopcx-${name}-`));
  const base = `http://127.0.0.1:${await freePort()}`;
  const scratch = await scratchDatabase(dbKind, `loopcx_${name.replace(/-/g, '_')}`);
  Object.assign(process.env, {
    ...env,
    LOOPCX_DATA_DIR: dataDir,
    DATABASE_URL: scratch.databaseUrl ?? '',
    LOOPCX_PUBLIC_URL: base,
  });
  const server = new ServerProcess(base, {
    ...process.env,
    PORT: new URL(base).port,
    HOST: '127.0.0.1',
    LOOPCX_SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    // The load comes from one address: the proofs test crash safety under load, not the rate limits.
    LOOPCX_RATE_LIMIT_IP: process.env.LOOPCX_RATE_LIMIT_IP ?? '0',
    LOOPCX_RATE_LIMIT_KEY: process.env.LOOPCX_RATE_LIMIT_KEY ?? '0',
  });
  return {
    base,
    databaseUrl: scratch.databaseUrl,
    server,
    async cleanUp() {
      rmSync(dataDir, { recursive: true, force: true });
      await scratch.drop();
    },
  };
}
