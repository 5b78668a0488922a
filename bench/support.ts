import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
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
  const ctx = await bootContext(loadConfig({ dataDir, logLevel: 'silent', databaseUrl: opts.databaseUrl, secret: 'bench' }), { database });
  const slug = `bench-${randomUUID().slice(0, 6)}`;
  const tenant = await ctx.db.transaction((tx) =>
    createTenant(tx, { slug, name: 'Bench', root: { code: `${slug}-HQ`, name: 'HQ' }, owner: { email: `o@${slug}.x`, name: 'o', password: 'bench-password-1' } }),
  );
  const session = randomToken();
  await ctx.db.execute(sql`INSERT INTO sessions (id, tenant_id, user_id, expires_at) VALUES (${sha256(session)}, ${tenant.tenantId}, ${tenant.ownerId}, now() + interval '1 day')`);
  const app = await buildServer(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const stopWorker = setup.worker ? startWorker(ctx, { idleMs: 50 }) : undefined;
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const cookie = `lcx_session=${session}`;
  const call = async (path: string, body?: unknown) =>
    (await fetch(`${base}${path}`, { method: body ? 'POST' : 'GET', headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined })).json();
  const stores: string[] = [];
  for (let i = 0; i < (setup.stores ?? 24); i++) stores.push((await call('/api/v1/org-units', { parentId: tenant.rootId, code: `${slug}-S${i}`, name: `Store ${i}`, kind: 'store' })).code);
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
export function loadTest(opts: Record<string, unknown>): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bench/load.mjs', JSON.stringify(opts)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load generator exited ${code}`))));
  });
}
