import { Worker } from 'node:worker_threads';
import { rows, sql } from '../../apps/server/src/platform/db.ts';
import type { BenchOptions, BenchScenario } from '../run.ts';
import { startBenchServer } from '../support.ts';

const TARGET = 5_000;
const PER_REQUEST = 10;
const ORIGIN = 'https://shop.bench.example';

/**
 * The browser SDK's public ingest, POST /sdk/v1/events with a public key (issue 20): 32 concurrent clients (many
 * browsers) in their own thread send batches of 10 page views (fresh event ids each, as browsers would; text/plain like sendBeacon)
 * with an allowed Origin, as fast as the server answers; events/s = acknowledged events ÷ seconds. The per-key
 * budget is off (it is a cluster-wide limit, measured separately by its tests), the per-address limit does not
 * apply to this route.
 */
const client = `
const { parentPort, workerData } = require('node:worker_threads');
const { randomUUID } = require('node:crypto');
const { url, origin, perRequest, seconds, connections } = workerData;
let ok = 0, bad = 0, lastError = '';
const latencies = [];
const end = Date.now() + seconds * 1000;
async function one() {
  while (Date.now() < end) {
    const now = new Date().toISOString();
    const body = JSON.stringify({
      anonymousId: randomUUID(),
      context: { url: origin + '/menu', locale: 'zh-CN' },
      events: Array.from({ length: perRequest }, (_, i) => ({
        id: randomUUID(), type: 'page.view', occurredAt: now,
        properties: { url: origin + '/p/' + i, title: 'Page ' + i, platform: 'web' },
      })),
    });
    const t0 = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { origin, 'content-type': 'text/plain' }, body });
    const text = await res.text();
    latencies.push(performance.now() - t0);
    if (res.status === 202) ok++; else { bad++; lastError = res.status + ' ' + text.slice(0, 200); }
  }
}
Promise.all(Array.from({ length: connections }, one)).then(() => {
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  parentPort.postMessage({ ok, bad, lastError, p50: q(0.5), p99: q(0.99) });
});
`;

export const scenario: BenchScenario = {
  name: 'sdk-ingest',
  async run(opts: BenchOptions) {
    const server = await startBenchServer(opts, { stores: 1 });
    const { ctx, base, call } = server;
    (ctx.config as { sdkKeyRate: number }).sdkKeyRate = 0;
    const key = (await call('/api/v1/sdk-keys', {
      name: 'bench web',
      allowedOrigins: [ORIGIN],
      allowedEventTypes: ['page.view'],
      orgUnitId: server.tenant.rootId,
    })) as { key: string };
    if (!key.key) throw new Error(`creating the key failed: ${JSON.stringify(key).slice(0, 300)}`);
    const url = `${base}/sdk/v1/events?key=${key.key}`;
    const seconds = opts.quick ? 10 : 30;
    const connections = 32;
    const drive = (secs: number) =>
      new Promise<{ ok: number; bad: number; lastError: string; p50: number; p99: number }>((resolve, reject) => {
        const w = new Worker(client, {
          eval: true,
          workerData: { url, origin: ORIGIN, perRequest: PER_REQUEST, seconds: secs, connections },
        });
        w.once('message', (m) => {
          resolve(m);
          void w.terminate();
        });
        w.once('error', reject);
      });
    await drive(2); // warm-up: JIT, key and type caches
    const [before] = await rows<{ n: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS n FROM events WHERE tenant_id = ${server.tenant.tenantId}`,
    );
    const run = await drive(seconds);
    if (run.bad) throw new Error(`sdk ingest: ${run.bad} refused (${run.lastError})`);
    const [after] = await rows<{ n: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS n FROM events WHERE tenant_id = ${server.tenant.tenantId}`,
    );
    await server.stop();
    const perSec = (run.ok * PER_REQUEST) / seconds;
    return {
      client: `fetch in a worker thread, ${connections} concurrent requests, text/plain`,
      'events/request': PER_REQUEST,
      'requests acknowledged (202)': run.ok,
      'events stored in the timed run': after.n - before.n,
      'p50 / p99 per request ms': `${run.p50.toFixed(1)} / ${run.p99.toFixed(1)}`,
      seconds,
      'events/s': perSec,
      'ratio to target (5,000/s)': perSec / TARGET,
    };
  },
};
