import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../apps/server/src/app.ts';
import { createTenant } from '../apps/server/src/domains/tenancy/create-tenant.ts';
import { bootContext, closeContext } from '../apps/server/src/platform/boot.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { openDatabase, sql } from '../apps/server/src/platform/db.ts';
import { startWorker } from '../apps/server/src/platform/jobs.ts';
import { randomToken, sha256 } from '../apps/server/src/platform/passwords.ts';
import type { BenchOptions } from './run.ts';

/**
 * A real listening server for a bench: fresh database (PGlite in a temp dir, or the PostgreSQL schema reset),
 * a tenant with `stores` stores, an owner session and a JSON `call` helper. Optionally the worker loop too.
 */
export async function startBenchServer(opts: BenchOptions, setup: { stores?: number; worker?: boolean } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'loopcx-bench-'));
  let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
  if (opts.databaseUrl) {
    database = await openDatabase({ databaseUrl: opts.databaseUrl, poolSize: 20 });
    await database.execScript('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  }
  const ctx = await bootContext(
    loadConfig({ dataDir, logLevel: 'silent', databaseUrl: opts.databaseUrl, secret: 'bench' }),
    { database },
  );
  const slug = `bench-${randomUUID().slice(0, 6)}`;
  const tenant = await ctx.db.transaction((tx) =>
    createTenant(tx, {
      slug,
      name: 'Bench',
      root: { code: `${slug}-HQ`, name: 'HQ' },
      owner: { email: `o@${slug}.x`, name: 'o', password: 'bench-password-1' },
    }),
  );
  const session = randomToken();
  await ctx.db.execute(
    sql`INSERT INTO sessions (id, tenant_id, user_id, expires_at) VALUES (${sha256(session)}, ${tenant.tenantId}, ${tenant.ownerId}, now() + interval '1 day')`,
  );
  const app = await buildServer(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const stopWorker = setup.worker ? startWorker(ctx, { idleMs: 50 }) : undefined;
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const cookie = `lcx_session=${session}`;
  const call = async (path: string, body?: unknown) =>
    (
      await fetch(`${base}${path}`, {
        method: body ? 'POST' : 'GET',
        headers: { cookie, origin: base, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      })
    ).json();
  const stores: string[] = [];
  for (let i = 0; i < (setup.stores ?? 24); i++)
    stores.push(
      (
        await call('/api/v1/org-units', {
          parentId: tenant.rootId,
          code: `${slug}-S${i}`,
          name: `Store ${i}`,
          kind: 'store',
        })
      ).code,
    );
  return {
    ctx,
    app,
    base,
    cookie,
    call,
    tenant,
    stores,
    async stop() {
      await stopWorker?.();
      await app.close();
      await closeContext(ctx);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface LoadResult {
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: { p50: number; p99: number };
}

/** autocannon in a child process (bench/load.mjs), so load generation does not steal the server's event loop. */
export function loadTest(opts: Record<string, unknown>): Promise<LoadResult & { tool?: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bench/load.mjs', JSON.stringify(opts)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load generator exited ${code}`)),
    );
  });
}

/**
 * Maximum-throughput load: wrk (C, Debian's `wrk` package) when it is installed, else autocannon. On a 2-core
 * machine the load generator shares the cores with the server; wrk needs about a third of autocannon's CPU per
 * request (measured here: 24 µs vs 58 µs), which leaves more for the server being measured. Same request bodies
 * (cycled) with `[<id>]` replaced by a unique id per request, so idempotency keys never repeat.
 */
export async function maxLoadTest(opts: {
  url: string;
  connections: number;
  duration: number;
  bodies: string[];
  headers?: Record<string, string>;
}): Promise<LoadResult & { tool: string }> {
  const headers = { 'content-type': 'application/json', ...opts.headers };
  const wrk = ['/usr/bin/wrk', '/usr/local/bin/wrk'].find((p) => existsSync(p));
  if (!wrk || process.env.BENCH_LOAD_TOOL === 'autocannon') {
    const r = await loadTest({
      url: opts.url,
      connections: opts.connections,
      duration: opts.duration,
      idReplacement: true,
      requests: opts.bodies.map((body) => ({ method: 'POST', headers, body })),
    });
    return { ...r, tool: `autocannon (own process), ${opts.connections} connections` };
  }
  const dir = mkdtempSync(join(tmpdir(), 'loopcx-wrk-'));
  const script = join(dir, 'post.lua');
  const threads = Math.min(2, opts.connections);
  writeFileSync(
    script,
    `local bodies = {${opts.bodies.map((b) => `[==[${b}]==]`).join(',')}}
local counter = 0
tid = 0
local threads = {}
function setup(thread) tid = tid + 1; thread:set("tid", tid); table.insert(threads, thread) end
function init(args) wrk.method = "POST"; ${Object.entries(headers)
      .map(([k, v]) => `wrk.headers["${k}"] = "${v}"`)
      .join('; ')} end
function request()
  counter = counter + 1
  local body = bodies[(counter % #bodies) + 1]:gsub("%[<id>%]", string.format("w%d-%010d", tid, counter))
  return wrk.format(nil, nil, nil, body)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("LOOPCX %d %d %d %d %.3f %.3f\\n", summary.requests, e.status, e.connect + e.read + e.write, e.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
`,
  );
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(
      wrk,
      [
        '-t',
        String(threads),
        '-c',
        String(opts.connections),
        '-d',
        `${opts.duration}s`,
        '--timeout',
        '10s',
        '-s',
        script,
        opts.url,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let text = '';
    child.stdout.on('data', (d) => {
      text += d;
    });
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}`))));
  });
  rmSync(dir, { recursive: true, force: true });
  const line = out.split('\n').find((l) => l.startsWith('LOOPCX '));
  if (!line) throw new Error(`wrk printed no summary: ${out.slice(0, 500)}`);
  const [requests, bad, errors, timeouts, p50, p99] = line.split(' ').slice(1).map(Number);
  return {
    '2xx': requests - bad,
    non2xx: bad,
    errors,
    timeouts,
    latency: { p50, p99 },
    tool: `wrk ${threads} threads (own process), ${opts.connections} connections`,
  };
}

/** The p-th percentile of `xs` (nearest rank). */
export const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/**
 * Times one console read `runs` times through HTTP as the owner (a GET, or a POST of `body`), failing on any answer
 * but 200; returns `{ "<label> p50 ms", "<label> p95 ms" }` for a scenario's output.
 */
export async function timedRead(
  server: { base: string; cookie: string },
  label: string,
  path: string,
  body?: unknown,
  runs = 20,
): Promise<Record<string, number>> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const res = await fetch(`${server.base}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: {
        cookie: server.cookie,
        origin: server.base,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status}`);
    ms.push(performance.now() - started);
  }
  return { [`${label} p50 ms`]: percentile(ms, 50), [`${label} p95 ms`]: percentile(ms, 95) };
}
