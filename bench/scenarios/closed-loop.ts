import { one, sql } from '../../apps/server/src/platform/db.ts';
import type { BenchOptions, BenchScenario } from '../run.ts';
import { loadTest, startBenchServer } from '../support.ts';

const pct = (xs: number[], p: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : Number.NaN;

/**
 * The closed loop under load: 1,000 responses/s (autocannon, own process) of which 30 % are detractors; the
 * default low-score rule opens a ticket for each; an open inbox (SSE) receives it. Latency = response commit →
 * ticket event received by the inbox.
 */
export const scenario: BenchScenario = {
  name: 'closed-loop',
  async run(opts: BenchOptions) {
    const server = await startBenchServer(opts, { worker: true });
    const { ctx, base, call, cookie } = server;
    const t = server.tenant;
    const survey = await call('/api/v1/surveys', { templateId: 'relational-nps' });
    await call(`/api/v1/surveys/${survey.id}/publish`, {});
    await call('/api/v1/alert-rules', {
      kind: 'response',
      name: 'NPS ≤ 6',
      condition: { expression: '{nps} <= 6 or {csat} <= 2' },
      actions: { ticket: { priority: 'high', assign: 'unit_manager' } },
    });
    const links = (await call(`/api/v1/surveys/${survey.id}/unit-links`)).items as Array<{ token: string }>;

    // Commit times come from the bus (published right after each flush commits).
    const committedAt = new Map<string, number>();
    ctx.bus.subscribe((e) => {
      if (e.type === 'responses.committed')
        for (const it of (e.data as { items: Array<{ id: string }> }).items) committedAt.set(it.id, performance.now());
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
    const bodies = links.flatMap((l, i) =>
      Array.from({ length: 10 }, (_, k) =>
        JSON.stringify({
          token: l.token,
          answers: k < 3 ? { nps: (i + k) % 7 } : { nps: 9 },
          idempotencyKey: 'loop-[<id>]',
        }),
      ),
    );
    const depth: number[] = [];
    const sampler = setInterval(async () => {
      const r = await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM jobs WHERE dead_at IS NULL`);
      depth.push(Number(r?.n ?? 0));
    }, 1000);
    const load = await loadTest({
      url: `${base}/api/v1/responses`,
      connections: 50,
      overallRate: 1000,
      duration: seconds,
      idReplacement: true,
      requests: bodies.map((body) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body })),
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
    const tickets = Number(
      (await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM tickets WHERE tenant_id = ${t.tenantId}`))!
        .n,
    );
    const detractors = Number(
      (await one<{ n: number }>(
        ctx.db,
        sql`SELECT count(*)::int AS n FROM responses WHERE tenant_id = ${t.tenantId} AND (scores->>'nps')::int <= 6`,
      ))!.n,
    );
    await server.stop();
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
