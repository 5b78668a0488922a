import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { evaluateEvents } from '../../apps/server/src/domains/reach/commands/evaluate-events.ts';
import { one, sql } from '../../apps/server/src/platform/db.ts';
import { startWorker } from '../../apps/server/src/platform/jobs.ts';
import type { BenchOptions, BenchScenario } from '../run.ts';
import { startBenchServer } from '../support.ts';

/** A loopback gateway: answers 200 and remembers when each member's invitation arrived. */
function startGateway() {
  const arrivals = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      const at = performance.now();
      try {
        const member = (
          JSON.parse(body) as { data: { customer: { identities: Array<{ kind: string; value: string }> } } }
        ).data.customer.identities.find((i) => i.kind === 'member')?.value;
        if (member && !arrivals.has(member)) arrivals.set(member, at);
      } catch {
        // not ours
      }
      res.statusCode = 200;
      res.end('{}');
    });
  });
  return new Promise<{ url: string; arrivals: typeof arrivals; close: () => Promise<void> }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/gateway`,
        arrivals,
        close: () => {
          server.closeAllConnections();
          return new Promise((r) => server.close(() => r()));
        },
      }),
    ),
  );
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : Number.NaN;
};

/**
 * Reach (issue 17). (1) Trigger evaluation + invitation creation: order events for 2,000 customers evaluated against
 * 20 trigger rules (SurveyJS conditions over the event's properties, context mapping) under "1 invitation per 7
 * days" — the evaluation job's own code (`evaluateEvents`, 1,000 events per call as the job merges them), timed
 * alone; events/s and invitations written. (2) Event commit → webhook delivery: 1,000 events/s through
 * `POST /events/batch` (100 per request every 100 ms), each a new customer, one trigger, the worker running;
 * latency from the batch's answer (commit) to the gateway receiving the signed `invitation.send`, p50/p99.
 * (3) The issue's concurrency case: 100 events for one customer in 100 simultaneous requests → 1 to send, 99 suppressed.
 */
export const scenario: BenchScenario = {
  name: 'invitations',
  async run(opts: BenchOptions) {
    process.env.LOOPCX_OUTBOUND_ALLOW = '127.0.0.1/32';
    const gateway = await startGateway();
    const server = await startBenchServer(opts, { stores: 4 });
    const { ctx, call } = server;
    const t = server.tenant;
    let stopWorker: (() => Promise<void>) | undefined;
    try {
      const survey = await call('/api/v1/surveys', { templateId: 'relational-nps' });
      await call(`/api/v1/surveys/${survey.id}/publish`, {});
      const channel = await call('/api/v1/channels', { kind: 'webhook', name: 'gateway', url: gateway.url });
      await fetch(`${server.base}/api/v1/contact-policy`, {
        method: 'PUT',
        headers: { cookie: server.cookie, origin: server.base, 'content-type': 'application/json' },
        body: JSON.stringify({ maxInvitations: { count: 1, days: 7 } }),
      });
      const categories = ['fresh', 'bakery', 'drinks', 'meat', 'frozen'];
      for (let i = 0; i < 20; i++) {
        const r = await call('/api/v1/triggers', {
          name: `rule ${i}`,
          eventType: 'order.completed',
          condition: `{amount} > ${i * 10} and {categories} contains '${categories[i % 5]}'`,
          surveyId: survey.id,
          channelId: channel.id,
          context: { categories: 'categories', amount: 'amount' },
          samplePercent: 50 + (i % 5) * 10,
        });
        if (!r.id) throw new Error(`trigger: ${JSON.stringify(r)}`);
      }

      // (1) Evaluation throughput.
      const n = opts.quick ? 5000 : 20000;
      const ids: string[] = [];
      for (let i = 0; i < n; i += 5000) {
        const events = Array.from({ length: Math.min(5000, n - i) }, (_, j) => ({
          type: 'order.completed',
          orgUnitCode: server.stores[(i + j) % server.stores.length],
          customer: `E-${(i + j) % 2000}`,
          properties: {
            categories: [categories[(i + j) % 5], categories[(i + j + 2) % 5]],
            amount: ((i + j) % 250) + 1,
          },
          value: 10,
        }));
        const res = await call('/api/v1/events/batch', { events });
        ids.push(...(res.results as Array<{ id: string }>).map((r) => r.id));
      }
      await ctx.db.execute(sql`DELETE FROM jobs WHERE kind = 'reach.evaluate'`);
      const started = performance.now();
      const cpu0 = process.cpuUsage();
      let written = 0;
      for (let i = 0; i < ids.length; i += 1000)
        written += await evaluateEvents(ctx, t.tenantId, ids.slice(i, i + 1000));
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const sent = await one<{ n: number }>(
        ctx.db,
        sql`SELECT count(*) FILTER (WHERE status = 'scheduled')::int AS n FROM invitations WHERE tenant_id = ${t.tenantId}`,
      );
      const evaluation = {
        'evaluate: events × rules': `${n} × 20`,
        'evaluate: events/s (evaluation + invitation creation)': n / seconds,
        // CPU time of this process (all its threads: PGlite's included, PostgreSQL's server processes not) —
        // steadier than events/s on a shared machine.
        'evaluate: process CPU ms per 1,000 events': (cpu.user + cpu.system) / 1000 / (n / 1000),
        'evaluate: invitations written': written,
        'evaluate: invitations to send (rest suppressed: frequency)': Number(sent?.n ?? 0),
      };
      // The throughput run's invitations are not part of the latency run.
      await ctx.db.execute(sql`DELETE FROM jobs WHERE kind = 'reach.send'`);
      await ctx.db.execute(sql`UPDATE reach_triggers SET enabled = false WHERE tenant_id = ${t.tenantId}`);
      const one1 = await call('/api/v1/triggers', {
        name: 'latency',
        eventType: 'order.completed',
        condition: "{categories} contains 'fresh'",
        surveyId: survey.id,
        channelId: channel.id,
        context: { categories: 'categories' },
      });
      if (!one1.id) throw new Error('trigger');

      // (2) Commit → delivery latency at 1,000 events/s.
      stopWorker = startWorker(ctx, { idleMs: 20 });
      const seconds2 = opts.quick ? 5 : 15;
      const committed = new Map<string, number>();
      const t0 = performance.now();
      let k = 0;
      for (let tick = 0; tick < seconds2 * 10; tick++) {
        const due = t0 + tick * 100;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const batch = Array.from({ length: 100 }, () => ({
          type: 'order.completed',
          orgUnitCode: server.stores[k % server.stores.length],
          customer: `L-${k++}`,
          properties: { categories: ['fresh'], amount: 30 },
          value: 30,
        }));
        await call('/api/v1/events/batch', { events: batch });
        const at = performance.now();
        for (const e of batch) committed.set(e.customer, at);
      }
      const offered = k / ((performance.now() - t0) / 1000);
      const deadline = performance.now() + 60_000;
      while (gateway.arrivals.size < k && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const lat: number[] = [];
      for (const [member, at] of committed) {
        const got = gateway.arrivals.get(member);
        if (got !== undefined) lat.push(got - at);
      }
      // (3) The concurrency case: 100 events for one customer at the same instant, each in its own request, under
      // "1 per 7 days" → exactly 1 invitation to send, 99 suppressed `frequency`.
      const burst = await Promise.all(
        Array.from({ length: 100 }, () =>
          call('/api/v1/events/batch', {
            events: [
              {
                type: 'order.completed',
                orgUnitCode: server.stores[0],
                customer: 'BURST-1',
                occurredAt: new Date().toISOString(),
                properties: { categories: ['fresh'], amount: 30 },
                value: 30,
              },
            ],
          }),
        ),
      );
      const burstIds = burst.map((r) => (r.results as Array<{ id: string }>)[0].id);
      const burstStarted = performance.now();
      let decided = { total: 0, sending: 0, frequency: 0 };
      while (decided.total < 100 && performance.now() - burstStarted < 60_000) {
        decided =
          (await one<typeof decided>(
            ctx.db,
            sql`SELECT count(*)::int AS total, count(*) FILTER (WHERE status <> 'suppressed')::int AS sending,
                     count(*) FILTER (WHERE status = 'suppressed' AND reason = 'frequency')::int AS frequency
              FROM invitations WHERE tenant_id = ${t.tenantId} AND event_id = ANY(${`{${burstIds.join(',')}}`}::uuid[])`,
          )) ?? decided;
        if (decided.total < 100) await new Promise((r) => setTimeout(r, 50));
      }
      return {
        ...evaluation,
        'latency: events offered/s': offered,
        'latency: events': k,
        'latency: delivered': lat.length,
        'latency: commit → delivery p50 ms': pct(lat, 50),
        'latency: commit → delivery p99 ms': pct(lat, 99),
        'latency: commit → delivery max ms': pct(lat, 100),
        'concurrency: 100 same-instant events, one customer → decided': decided.total,
        'concurrency: to send (must be 1)': decided.sending,
        'concurrency: suppressed frequency (must be 99)': decided.frequency,
      };
    } finally {
      await stopWorker?.();
      await server.stop();
      await gateway.close();
    }
  },
};
