import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { one, sql } from '../../apps/server/src/platform/db.ts';
import type { BenchOptions, BenchScenario } from '../run.ts';
import { maxLoadTest, startBenchServer } from '../support.ts';

/** A loopback receiver: `/ok` answers 204, `/broken` 500, `/hang` never answers (the sender's timeout ends it). */
function startReceiver() {
  const got: Array<{ headers: Record<string, string>; body: string }> = [];
  let count = 0;
  // Each message once per endpoint (the query names the endpoint): a second copy is a duplicate delivery.
  const seen = new Set<string>();
  let duplicates = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      if (req.url === '/hang') return; // keeps the socket open until the sender gives up
      count++;
      const key = `${req.url}|${req.headers['webhook-id']}`;
      if (seen.has(key)) duplicates++;
      else seen.add(key);
      if (got.length < 50)
        got.push({
          headers: {
            'webhook-id': String(req.headers['webhook-id']),
            'webhook-timestamp': String(req.headers['webhook-timestamp']),
            'webhook-signature': String(req.headers['webhook-signature']),
          },
          body,
        });
      res.statusCode = req.url === '/broken' ? 500 : 204;
      res.end();
    });
  });
  return new Promise<{
    url: string;
    got: typeof got;
    count: () => number;
    duplicates: () => number;
    close: () => Promise<void>;
  }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        got,
        count: () => count,
        duplicates: () => duplicates,
        close: () => {
          server.closeAllConnections();
          return new Promise((r) => server.close(() => r()));
        },
      }),
    ),
  );
}

/**
 * Connect, webhooks (issue 18): (1) fan-out — feedback items committed in one statement, each a `feedback.created`
 * event for 10 subscribed endpoints on a loopback receiver; deliveries/s from commit to the last delivery recorded as
 * succeeded (target ≥ 1,000/s); a sample verified with the stock `standardwebhooks` library. (2) Ingest beside bad
 * receivers — single-response HTTP ingest at full speed with no subscription, then with 2 endpoints that hang and 3
 * that answer 500 subscribed to every `response.created`: a receiver must never slow ingest.
 */
export const scenario: BenchScenario = {
  name: 'connect-webhooks',
  async run(opts: BenchOptions) {
    process.env.LOOPCX_OUTBOUND_ALLOW = '127.0.0.1/32';
    const receiver = await startReceiver();
    const server = await startBenchServer(opts, { worker: true, stores: 4 });
    const { ctx, base, call } = server;
    const t = server.tenant;
    try {
      // (1) Fan-out.
      const endpoints = 10;
      const secrets: string[] = [];
      for (let i = 0; i < endpoints; i++)
        secrets.push(
          (await call('/api/v1/webhooks', { url: `${receiver.url}/ok?endpoint=${i}`, events: ['feedback.created'] }))
            .secret,
        );
      const items = opts.quick ? 300 : 1000;
      const expected = items * endpoints;
      const started = performance.now();
      await ctx.db.execute(
        sql`INSERT INTO feedback_items (tenant_id, id, source, text, org_unit_id, occurred_at)
            SELECT ${t.tenantId}, gen_random_uuid(), 'social', '排队太久，服务员态度一般 #' || g, ${t.rootId}, now()
            FROM generate_series(1, ${items}) AS g`,
      );
      const committed = performance.now();
      ctx.bus.publish({ tenantId: '*', type: 'jobs.enqueued', data: null });
      let done = 0;
      while (performance.now() - committed < 300_000) {
        const r = await one<{ n: number }>(
          ctx.db,
          sql`SELECT count(*)::int AS n FROM webhook_deliveries WHERE tenant_id = ${t.tenantId} AND status = 'succeeded'`,
        );
        done = Number(r?.n ?? 0);
        if (done >= expected) break;
        await new Promise((r2) => setTimeout(r2, 100));
      }
      const seconds = (performance.now() - committed) / 1000;
      const retried = await one<{ n: number }>(
        ctx.db,
        sql`SELECT count(*)::int AS n FROM webhook_deliveries WHERE tenant_id = ${t.tenantId} AND attempts > 1`,
      );
      const verified = receiver.got.filter((h) =>
        secrets.some((s) => {
          try {
            new Webhook(s).verify(h.body, h.headers);
            return true;
          } catch {
            return false;
          }
        }),
      ).length;
      const fanout = {
        'fan-out: endpoints × items': `${endpoints} × ${items}`,
        'fan-out: deliveries succeeded': done,
        'fan-out: commit of items ms': Math.round(committed - started),
        'fan-out: commit → last delivery s': seconds,
        'fan-out: deliveries/s': done / seconds,
        'fan-out: receiver requests': receiver.count(),
        'fan-out: receiver duplicates (same message, same endpoint)': receiver.duplicates(),
        'fan-out: deliveries that took more than one attempt': Number(retried?.n ?? 0),
        'fan-out: sample verified (standardwebhooks)': `${verified}/${receiver.got.length}`,
      };

      // (2) Ingest with and without bad receivers.
      const survey = await call('/api/v1/surveys', { templateId: 'relational-nps' });
      await call(`/api/v1/surveys/${survey.id}/publish`, {});
      const links = (await call(`/api/v1/surveys/${survey.id}/unit-links`)).items as Array<{ token: string }>;
      const bodies = links.map((l) =>
        JSON.stringify({ token: l.token, answers: { nps: 9 }, idempotencyKey: 'hook-[<id>]' }),
      );
      const duration = opts.quick ? 5 : 15;
      const ingest = () =>
        maxLoadTest({ url: `${base}/api/v1/responses`, connections: 32, duration, bodies }).then(
          (r) => r['2xx'] / duration,
        );
      const quiet = await ingest();
      for (const path of ['/hang', '/hang', '/broken', '/broken', '/broken'])
        await call('/api/v1/webhooks', { url: `${receiver.url}${path}`, events: ['response.created'] });
      const beside = await ingest();
      // Give the worker a moment, then count what the bad receivers cost: attempts made, none succeeded.
      await new Promise((r) => setTimeout(r, 3000));
      const attempted = await one<{ n: number; retrying: number }>(
        ctx.db,
        sql`SELECT count(*) FILTER (WHERE attempts > 0)::int AS n, count(*) FILTER (WHERE status = 'retrying')::int AS retrying
            FROM webhook_deliveries d JOIN webhook_events e ON e.tenant_id = d.tenant_id AND e.id = d.event_id
            WHERE d.tenant_id = ${t.tenantId} AND e.type = 'response.created'`,
      );
      return {
        ...fanout,
        'ingest: responses/s, no subscription': quiet,
        'ingest: responses/s, 2 hanging + 3 failing receivers': beside,
        'ingest: ratio with bad receivers': beside / quiet,
        'bad receivers: deliveries attempted (3 s after load)': Number(attempted?.n ?? 0),
        'bad receivers: deliveries retrying': Number(attempted?.retrying ?? 0),
      };
    } finally {
      await server.stop();
      await receiver.close();
    }
  },
};
