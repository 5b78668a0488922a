import { rows, sql } from '../../apps/server/src/platform/db.ts';
import type { BenchOptions, BenchScenario } from '../run.ts';
import { maxLoadTest, startBenchServer } from '../support.ts';

const TARGET = 20_000;

/**
 * Event batch ingest through real HTTP: two connections of the load tool (wrk, or autocannon; its own process)
 * POST /api/v1/events/batch with 5,000 events each (orders with a dimension property, so every event also updates
 * two rollup rows, and inbound calls), then the rollups are checked against count(*). Also the single-event endpoint for reference, and a CPO query over what was loaded.
 */
export const scenario: BenchScenario = {
  name: 'events',
  async run(opts: BenchOptions) {
    const server = await startBenchServer(opts);
    const { ctx, base, call, stores } = server;
    const t = server.tenant;
    const key = (await call('/api/v1/api-keys', { name: 'bench' })).key as string;
    await call('/api/v1/metrics', {
      key: 'cpo',
      name: 'CPO',
      formula: "count('call.inbound') / count('order.completed' where properties.valid = true)",
      direction: 'lower',
    });
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

    const batchSize = 5000;
    const clients = 2;
    const seconds = opts.quick ? 10 : 30;
    // `[<id>]` becomes a fresh id per request (the load tool replaces it), so every idempotency key is new.
    const body = (b: number, keyPart: string) =>
      JSON.stringify({
        events: Array.from({ length: batchSize }, (_, i) => {
          const n = b * batchSize + i;
          const at = new Date(Date.UTC(2026, 9, 1 + (n % 28), 3 + (n % 10))).toISOString();
          return n % 25 === 0
            ? {
                type: 'call.inbound',
                occurredAt: at,
                orgUnitCode: stores[n % stores.length],
                customer: `M-${n % 5000}`,
                properties: { reason: 'order_status', resolved: true },
                value: 120,
                idempotencyKey: `c-${keyPart}-${i}`,
              }
            : {
                type: 'order.completed',
                occurredAt: at,
                orgUnitCode: stores[n % stores.length],
                customer: `M-${n % 5000}`,
                properties: { valid: n % 30 !== 0, amount: 88.5, channel: 'delivery' },
                value: 88.5,
                idempotencyKey: `o-${keyPart}-${i}`,
              };
        }),
      });
    // Warm-up (JIT, caches) outside the timing.
    const warm = await fetch(`${base}/api/v1/events/batch`, { method: 'POST', headers, body: body(10_000, 'warm') });
    if (warm.status !== 200) throw new Error(`batch answered ${warm.status}: ${(await warm.text()).slice(0, 300)}`);
    const load = await maxLoadTest({
      url: `${base}/api/v1/events/batch`,
      connections: clients,
      duration: seconds,
      bodies: Array.from({ length: 8 }, (_, b) => body(b, '[<id>]')),
      headers: { authorization: `Bearer ${key}` },
    });
    if (load.non2xx + load.errors + load.timeouts > 0)
      throw new Error(`batch: ${load.non2xx} non-2xx, ${load.errors} errors, ${load.timeouts} timeouts`);
    const sent = load['2xx'] * batchSize;
    const perSec = sent / seconds;

    // Single events (the SDK path), sequential, for reference.
    const singles = opts.quick ? 300 : 1000;
    const singleStart = performance.now();
    for (let i = 0; i < singles; i++) {
      const res = await fetch(`${base}/api/v1/events`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          type: 'page.view',
          orgUnitCode: stores[i % stores.length],
          properties: { url: '/menu', platform: 'app' },
          idempotencyKey: `pv-${i}`,
        }),
      });
      if (res.status !== 201) throw new Error(`single answered ${res.status}`);
    }
    const singlePerSec = singles / ((performance.now() - singleStart) / 1000);

    const q0 = performance.now();
    const cpo = (await call('/api/v1/metrics/query', {
      metric: 'cpo',
      from: '2026-10-01',
      to: '2026-11-01',
      groupBy: 'children',
    })) as { rows: Array<{ value: number }> };
    const cpoMs = performance.now() - q0;

    const [check] = await rows<{ raw: number; rolled: number; validRaw: number; validRolled: number }>(
      ctx.db,
      sql`SELECT (SELECT count(*) FROM events WHERE tenant_id = ${t.tenantId})::int AS raw,
                 (SELECT coalesce(sum(n),0) FROM event_rollups WHERE tenant_id = ${t.tenantId} AND variant = '')::int AS rolled,
                 (SELECT count(*) FROM events WHERE tenant_id = ${t.tenantId} AND type = 'order.completed' AND properties->>'valid' = 'true')::int AS "validRaw",
                 (SELECT coalesce(sum(n),0) FROM event_rollups WHERE tenant_id = ${t.tenantId} AND type = 'order.completed' AND variant = 'valid=true')::int AS "validRolled"`,
    );
    await server.stop();
    return {
      'batch: tool': load.tool,
      'batch: events/request': batchSize,
      'batch: events acknowledged (2xx × 5,000)': sent,
      'batch: events stored (count(*) − warm-up − singles; includes requests in flight at the end)':
        check.raw - batchSize - singles,
      'batch: p50 / p99 per request ms': `${load.latency.p50} / ${load.latency.p99}`,
      'batch: seconds': seconds,
      'batch: events/s': perSec,
      'batch: ratio to target (20,000/s)': perSec / TARGET,
      'single POST /events, sequential: events/s': singlePerSec,
      'CPO by store over a month: ms': cpoMs,
      'CPO stores returned': cpo.rows.length,
      'rollups equal count(*)':
        check.raw === check.rolled && check.validRaw === check.validRolled
          ? 'yes'
          : `NO (${check.raw}/${check.rolled}, ${check.validRaw}/${check.validRolled})`,
    };
  },
};
