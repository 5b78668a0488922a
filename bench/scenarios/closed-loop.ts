import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildServer } from '../../apps/server/src/app.ts';
import { bootContext, closeContext } from '../../apps/server/src/platform/boot.ts';
import { loadConfig } from '../../apps/server/src/platform/config.ts';
import { one, openDatabase, sql } from '../../apps/server/src/platform/db.ts';
import { startWorker } from '../../apps/server/src/platform/jobs.ts';
import { randomToken, sha256 } from '../../apps/server/src/platform/passwords.ts';
import { createTenant } from '../../apps/server/src/domains/tenancy/create-tenant.ts';
import type { BenchOptions, BenchScenario } from '../run.ts';

const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : Number.NaN);

/**
 * The closed loop under load: 1,000 responses/s (autocannon, own process) of which 30 % are detractors; the
 * default low-score rule opens a ticket for each; an open inbox (SSE) receives it. Latency = response commit →
 * ticket event received by the inbox.
 */
export const scenario: BenchScenario = {
  name: 'closed-loop',
  async run(opts: BenchOptions) {
    const dataDir = mkdtempSync(join(tmpdir(), 'loopcx-bench-'));
    let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
    if (opts.databaseUrl) {
      database = await openDatabase({ databaseUrl: opts.databaseUrl, poolSize: 20 });
      await database.execScript('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
    }
    const ctx = await bootContext(loadConfig({ dataDir, logLevel: 'silent', databaseUrl: opts.databaseUrl, secret: 'bench' }), { database });
    const slug = `loop-${randomUUID().slice(0, 6)}`;
    const t = await ctx.db.transaction((tx) => createTenant(tx, { slug, name: 'Loop', root: { code: `${slug}-HQ`, name: 'HQ' }, owner: { email: `o@${slug}.x`, name: 'o', password: 'bench-password-1' } }));
    const session = randomToken();
    await ctx.db.execute(sql`INSERT INTO sessions (id, tenant_id, user_id, expires_at) VALUES (${sha256(session)}, ${t.tenantId}, ${t.ownerId}, now() + interval '1 day')`);
    const app = await buildServer(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const stopWorker = startWorker(ctx, { idleMs: 50 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const cookie = `lcx_session=${session}`;
    const call = async (path: string, body?: unknown) => (await fetch(`${base}${path}`, { method: body ? 'POST' : 'GET', headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined })).json();
    for (let i = 0; i < 24; i++) await call('/api/v1/org-units', { parentId: t.rootId, code: `${slug}-S${i}`, name: `Store ${i}`, kind: 'store' });
    const survey = await call('/api/v1/surveys', { templateId: 'relational-nps' });
    await call(`/api/v1/surveys/${survey.id}/publish`, {});
    await call('/api/v1/alert-rules', { kind: 'response', name: 'NPS ≤ 6', condition: { expression: '{nps} <= 6 or {csat} <= 2' }, actions: { ticket: { priority: 'high', assign: 'unit_manager' } } });
    const links = (await call(`/api/v1/surveys/${survey.id}/unit-links`)).items as Array<{ token: string }>;

    // Commit times come from the bus (published right after each flush commits).
    const committedAt = new Map<string, number>();
    ctx.bus.subscribe((e) => {
      if (e.type === 'responses.committed') for (const it of (e.data as { items: Array<{ id: string }> }).items) committedAt.set(it.id, performance.now());
    });
    // The open inbox.
    const latencies: number[] = [];
    const ctrl = new AbortController();
    const sse = fetch(`${base}/api/v1/stream`, { headers: { cookie }, signal: ctrl.signal }).then(async (res) => {
      const reader = res.body!.getReader();
      let buf = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += new TextDecoder().decode(value);
          let i = buf.indexOf('\n\n');
          while (i >= 0) {
            const chunk = buf.slice(0, i);
            buf = buf.slice(i + 2);
            if (chunk.startsWith('event: tickets')) {
              const data = JSON.parse(chunk.split('\ndata: ')[1]);
              const at = committedAt.get(data.responseId);
              if (at !== undefined) latencies.push(performance.now() - at);
            }
            i = buf.indexOf('\n\n');
          }
        }
      } catch {
        /* aborted */
      }
    });

    const seconds = opts.quick ? 10 : 30;
    const bodies = links.flatMap((l, i) => Array.from({ length: 10 }, (_, k) => JSON.stringify({ token: l.token, answers: k < 3 ? { nps: (i + k) % 7 } : { nps: 9 }, idempotencyKey: 'loop-[<id>]' })));
    const depth: number[] = [];
    const sampler = setInterval(async () => {
      const r = await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM jobs WHERE dead_at IS NULL`);
      depth.push(Number(r?.n ?? 0));
    }, 1000);
    const load = await new Promise<{ '2xx': number; latency: { p99: number } }>((resolve, reject) => {
      const child = spawn(process.execPath, ['bench/load.mjs', JSON.stringify({ url: `${base}/api/v1/responses`, connections: 50, overallRate: 1000, duration: seconds, idReplacement: true, requests: bodies.map((body) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body })) })], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load exited ${code}`))));
    });
    const drainStart = performance.now();
    while (performance.now() - drainStart < 60_000) {
      const r = await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM jobs WHERE dead_at IS NULL`);
      if (Number(r?.n) === 0) break;
      await new Promise((r2) => setTimeout(r2, 200));
    }
    await new Promise((r) => setTimeout(r, 500));
    clearInterval(sampler);
    ctrl.abort();
    await sse;
    const tickets = Number((await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM tickets WHERE tenant_id = ${t.tenantId}`))!.n);
    const detractors = Number((await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM responses WHERE tenant_id = ${t.tenantId} AND (scores->>'nps')::int <= 6`))!.n);
    await stopWorker();
    await app.close();
    await closeContext(ctx);
    rmSync(dataDir, { recursive: true, force: true });
    return {
      'load: target responses/s': 1000,
      'load: achieved responses/s (2xx)': load['2xx'] / seconds,
      'load: HTTP p99 ms': load.latency.p99,
      'detractor responses': detractors,
      'tickets created': tickets,
      'tickets/s sustained': tickets / seconds,
      'inbox events received': latencies.length,
      'commit → inbox p50 ms': pct(latencies, 50),
      'commit → inbox p99 ms': pct(latencies, 99),
      'queue depth (jobs) per second': depth.join(' '),
    };
  },
};
