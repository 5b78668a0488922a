import { one, sql } from '../../apps/server/src/platform/db.ts';
import { startWorker } from '../../apps/server/src/platform/jobs.ts';
import { loadTest } from '../support.ts';
import { dashboardCalls, pct, type Scope } from './console.ts';
import type { Dataset } from './dataset.ts';

/** The console's live refresh (DashboardPage): tiles and trend lines ≤ 300 ms after the first event, the rest every 5 s. */
const FAST_MS = 300;
const SLOW_MS = 5000;

/**
 * Live dashboards under load, on the 10 M-response data set with the worker running in the same process
 * (`--role=all`): autocannon (own process) posts `rate` responses/s through the public respondent endpoint for a
 * second survey of the tenant; an owner's dashboard holds `/api/v1/stream` open and refetches as the console does
 * (tiles and sparklines ≤ 300 ms after the first event, the ranking/touchpoints/heatmap every 5 s). Measured:
 * response committed → its `responses` event received by the SSE client, and committed (first response of a
 * refresh window) → the tiles' refetch finished. The live responses are removed afterwards so the cached
 * data set stays as seeded.
 */
export async function liveDashboard(ds: Dataset, hq: Scope, o: { seconds: number; rate: number; tz: string }) {
  const { ctx, base, meta } = ds;
  const def = {
    elements: [
      { type: 'rating', name: 'nps', rateMin: 0, rateMax: 10, isRequired: true },
      { type: 'rating', name: 'csat', rateMin: 1, rateMax: 5 },
    ],
  };
  const survey = (
    await ds.call('surveys', { name: '实时 Live bench', definition: def, bindings: { nps: 'nps', csat: 'csat' } })
  ).body as { id: string };
  await ds.call(`surveys/${survey.id}/publish`, {});
  const links = (
    (await ds.call(`surveys/${survey.id}/unit-links?touchpointId=${meta.touchpointIds[4]}`)).body as {
      items: Array<{ token: string }>;
    }
  ).items;
  const stopWorker = startWorker(ctx, { idleMs: 50 });

  const committedAt = new Map<string, number>();
  const unsubscribe = ctx.bus.subscribe((e) => {
    if (e.type === 'responses.committed' && e.tenantId === meta.tenantId)
      for (const it of (e.data as { items: Array<{ id: string }> }).items) committedAt.set(it.id, performance.now());
  });

  // The dashboard's period: the last 30 tenant-local days including today.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: o.tz }).format(new Date());
  const day = (d: string, k: number) => new Date(Date.parse(d) + k * 86400_000).toISOString().slice(0, 10);
  const period = { from: day(today, -29), to: day(today, 1) };
  const { first, heat } = dashboardCalls(hq, period, meta.touchpointIds);
  // What the console refetches on live events: tiles and sparklines (fast), ranking, touchpoints and heatmap (slow).
  const queries = [...first.filter((c) => c.path === 'metrics/query'), ...heat];
  const fast = queries.filter((c) => c.label.startsWith('tile') || c.label.startsWith('sparkline'));
  const slow = queries.filter((c) => !fast.includes(c));

  const eventMs: number[] = [];
  const tileMs: number[] = [];
  // Tile refreshes after the first 5 s of load (the first seconds warm caches and code paths up).
  const steadyTileMs: number[] = [];
  let loadStart = Number.POSITIVE_INFINITY;
  const refetchMs: number[] = [];
  const slowMs: number[] = [];
  const timers: { fast?: NodeJS.Timeout; slow?: NodeJS.Timeout } = {};
  let lastN = 0;
  let movedTiles = 0;
  const refreshing: Array<Promise<void>> = [];
  const refresh = (since: number) => {
    timers.fast ??= setTimeout(() => {
      timers.fast = undefined;
      const t0 = performance.now();
      refreshing.push(
        Promise.all(fast.map((c) => ds.call(c.path, c.body, hq.as))).then((res) => {
          const now = performance.now();
          tileMs.push(now - since);
          if (since - loadStart > 5000) steadyTileMs.push(now - since);
          refetchMs.push(now - t0);
          const n =
            (res[fast.findIndex((c) => c.label === 'tile responses')].body as { rows: Array<{ n: number }> }).rows[0]
              ?.n ?? 0;
          if (n > lastN) movedTiles++;
          lastN = n;
        }),
      );
    }, FAST_MS);
    timers.slow ??= setTimeout(() => {
      timers.slow = undefined;
      const t0 = performance.now();
      refreshing.push(
        Promise.all(slow.map((c) => ds.call(c.path, c.body, hq.as))).then(
          () => void slowMs.push(performance.now() - t0),
        ),
      );
    }, SLOW_MS);
  };

  const ctrl = new AbortController();
  const sse = fetch(`${base}/api/v1/stream`, { headers: { cookie: ds.sessions.owner }, signal: ctrl.signal }).then(
    async (res) => {
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let buf = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += decoder.decode(value, { stream: true });
          let i = buf.indexOf('\n\n');
          while (i >= 0) {
            const chunk = buf.slice(0, i);
            buf = buf.slice(i + 2);
            if (chunk.startsWith('event: responses')) {
              const now = performance.now();
              const items = (JSON.parse(chunk.split('\ndata: ')[1]) as { items: Array<{ id: string }> }).items;
              let earliest = Number.POSITIVE_INFINITY;
              for (const it of items) {
                const at = committedAt.get(it.id);
                if (at === undefined) continue;
                eventMs.push(now - at);
                earliest = Math.min(earliest, at);
              }
              if (Number.isFinite(earliest)) refresh(earliest);
            }
            i = buf.indexOf('\n\n');
          }
        }
      } catch {
        /* aborted */
      }
    },
  );

  // Job queue depth each second (listeners of committed responses run in the same process).
  const depth: number[] = [];
  const sampler = setInterval(async () => {
    const r = await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM jobs WHERE dead_at IS NULL`);
    depth.push(Number(r?.n ?? 0));
  }, 1000);
  const bodies = links.flatMap((l, i) =>
    Array.from({ length: 10 }, (_, k) =>
      JSON.stringify({
        token: l.token,
        answers: { nps: (i + k) % 11, csat: 1 + ((i * 3 + k) % 5) },
        idempotencyKey: 'live-[<id>]',
      }),
    ),
  );
  loadStart = performance.now();
  const load = await loadTest({
    url: `${base}/api/v1/responses`,
    connections: 50,
    overallRate: o.rate,
    duration: o.seconds,
    idReplacement: true,
    requests: bodies.map((body) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body })),
  });
  // Let the last flushes, events and refetches land.
  await new Promise((r) => setTimeout(r, SLOW_MS + 500));
  clearInterval(sampler);
  await Promise.all(refreshing);
  ctrl.abort();
  await sse;
  unsubscribe();
  await stopWorker();

  const check = await one<{ raw: number; rolled: number }>(
    ctx.db,
    sql`SELECT (SELECT count(*) FROM responses WHERE tenant_id = ${meta.tenantId} AND survey_id = ${survey.id})::int AS raw,
               (SELECT coalesce(sum(n), 0) FROM score_rollups WHERE tenant_id = ${meta.tenantId} AND survey_id = ${survey.id} AND binding = '*')::int AS rolled`,
  );
  // Remove the live survey's rows so the cached data set stays exactly as seeded.
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`DELETE FROM score_rollups WHERE tenant_id = ${meta.tenantId} AND survey_id = ${survey.id}`);
    await tx.execute(
      sql`DELETE FROM score_rollups_monthly WHERE tenant_id = ${meta.tenantId} AND survey_id = ${survey.id}`,
    );
    await tx.execute(sql`DELETE FROM responses WHERE tenant_id = ${meta.tenantId} AND survey_id = ${survey.id}`);
    await tx.execute(sql`DELETE FROM jobs WHERE tenant_id = ${meta.tenantId}`);
  });
  return {
    'live: load tool': `autocannon (own process), 50 connections, target ${o.rate}/s for ${o.seconds} s; worker in-process`,
    'live: achieved responses/s (2xx)': load['2xx'] / o.seconds,
    'live: non-2xx / errors / timeouts': `${load.non2xx} / ${load.errors} / ${load.timeouts}`,
    'live: HTTP p50 / p99 ms': `${load.latency.p50} / ${load.latency.p99}`,
    'live: committed → SSE event p50 ms': pct(eventMs, 50),
    'live: committed → SSE event p99 ms': pct(eventMs, 99),
    'live: SSE events matched to commits': eventMs.length,
    'live: committed → tiles refetched p50 ms': pct(tileMs, 50),
    'live: committed → tiles refetched p95 ms': pct(tileMs, 95),
    'live: committed → tiles refetched p99 ms': pct(tileMs, 99),
    'live: … after the first 5 s of load: p95 / p99 / max ms': `${pct(steadyTileMs, 95).toFixed(0)} / ${pct(steadyTileMs, 99).toFixed(0)} / ${Math.max(...steadyTileMs).toFixed(0)}`,
    'live: tiles + sparklines refetch p50 / p95 ms': `${pct(refetchMs, 50).toFixed(0)} / ${pct(refetchMs, 95).toFixed(0)} (${fast.length} requests, ${refetchMs.length} times)`,
    'live: ranking + touchpoints + heatmap refetch (every 5 s) p50 ms': `${pct(slowMs, 50).toFixed(0)} (${slow.length} requests, ${slowMs.length} times)`,
    'live: refetches that moved the responses tile': `${movedTiles} of ${tileMs.length}`,
    'live: job queue depth, sampled each second': depth.join(' '),
    'live: rollups equal count(*)':
      check && check.raw === check.rolled ? `yes (${check.raw})` : `NO (${check?.raw}/${check?.rolled})`,
  };
}
