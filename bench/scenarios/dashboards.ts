// Dashboards, journey map and CPO at scale (issues 4 and 5), and live tiles over SSE under load.
//
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_<you> npm run bench -- --only=dashboards [--db=pglite|postgres] [--quick]
//
// Seeds (once; cached — PGlite: $TMPDIR/loopcx-bench-dashboards-<key>, PostgreSQL: the database <bench db>_dash_<key>)
// 10,000,000 responses (24 stores × 8 touchpoints × 365 days, NPS/CSAT/CES) and 5,000,000 order/call events with
// exactly matching rollups, then times the console's requests through HTTP (each ≥ 50 times; --quick: 10), compares
// them with raw scans, and measures live tiles at 1,000 responses/s. Sizes: BENCH_DASHBOARDS_RESPONSES,
// BENCH_DASHBOARDS_EVENTS (another size is another cached data set). BENCH_DASHBOARDS_SKIP=queries,raw,live skips phases.
import { freemem } from 'node:os';
import { compareWithRaw } from '../dashboards/compare.ts';
import { type Period, type Scope, timeCall, timedCalls, timePage } from '../dashboards/console.ts';
import { datasetBytes, END, openDataset, TZ } from '../dashboards/dataset.ts';
import { liveDashboard } from '../dashboards/live.ts';
import { verifyRollups } from '../dashboards/load.ts';
import type { BenchOptions, BenchScenario } from '../run.ts';

const DAY = 86400_000;
const shift = (d: string, days: number) => new Date(Date.parse(d) + days * DAY).toISOString().slice(0, 10);
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

export const scenario: BenchScenario = {
  name: 'dashboards',
  async run(opts: BenchOptions) {
    const size = {
      responses: Number(process.env.BENCH_DASHBOARDS_RESPONSES ?? 10_000_000),
      events: Number(process.env.BENCH_DASHBOARDS_EVENTS ?? 5_000_000),
    };
    const skip = new Set((process.env.BENCH_DASHBOARDS_SKIP ?? '').split(','));
    const runs = opts.quick ? 10 : 50;
    const log = (m: string) => console.log(`  … ${m}`);
    // Peak RSS per phase (server, bench client and, on PGlite, the database share this process).
    let peakRss = 0;
    const peaks: string[] = [];
    const phase = (name: string) => {
      peaks.push(`${name} ${Math.round(peakRss / 1e6)}`);
      peakRss = process.memoryUsage().rss;
    };
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 100);
    const out: Record<string, number | string> = {};
    const t0 = performance.now();
    const ds = await openDataset(opts, size, log);
    const m = ds.meta;
    out['data set'] =
      `${m.responses.toLocaleString('en')} responses, ${m.events.toLocaleString('en')} events — ${ds.seeded ? 'seeded by this run' : 'reused from the cache'} (${ds.location})`;
    out['seed: responses rows/s'] = Math.round(m.timings.responsesPerSecond);
    out['seed: responses s'] = m.timings.responsesSeconds;
    out['seed: score rollups (GROUP BY) s / rows'] =
      `${fmt(m.timings.scoreRollupsSeconds)} / ${m.timings.scoreRollupRows.toLocaleString('en')}`;
    out['seed: events rows/s'] = Math.round(m.timings.eventsPerSecond);
    out['seed: event rollups (GROUP BY) s / rows'] =
      `${fmt(m.timings.eventRollupsSeconds)} / ${m.timings.eventRollupRows.toLocaleString('en')}`;
    out['seed: VACUUM ANALYZE s'] = m.timings.vacuumAnalyzeSeconds;
    out['seed: total s (incl. API structure)'] = m.timings.totalSeconds;
    out['open (+ migrate) s'] = ds.seeded ? 'n/a (seeded)' : (performance.now() - t0) / 1000;

    phase(ds.seeded ? 'seed' : 'open');
    const check = await verifyRollups(ds.ctx, m.tenantId);
    out['rollups: sum(n) of * (daily, monthly) = count(*) responses'] =
      check.scoreStar === check.responses && check.monthlyStar === check.responses
        ? `yes (${check.responses.toLocaleString('en')})`
        : `NO (${check.scoreStar}, ${check.monthlyStar} vs ${check.responses})`;
    out["rollups: sum(n) of '' = count(*) events; valid=true = raw"] =
      check.eventAll === check.events && check.validOrders === check.validRolled
        ? `yes (${check.events.toLocaleString('en')}; ${check.validOrders.toLocaleString('en')})`
        : 'NO';

    const p30: Period = { from: shift(END, -30), to: END };
    const p365: Period = { from: shift(END, -365), to: END };
    const scopes: Record<string, Scope> = {
      hq: { name: 'HQ (owner)', as: 'owner', orgUnitId: m.rootId },
      region: { name: 'region East (owner drill)', as: 'owner', orgUnitId: m.units.EAST },
      store: { name: 'store SH-01 (owner drill)', as: 'owner', orgUnitId: m.units['SH-01'] },
      manager: { name: 'East manager (scoped session)', as: 'manager', orgUnitId: m.units.EAST },
    };
    // The first request after opening the data set (cold caches).
    const cold = await ds.call('metrics/query', {
      metric: 'nps',
      orgUnitId: m.rootId,
      from: p30.from,
      to: p30.to,
      compareTo: 'previous',
    });
    out['first request after open (tile NPS) ms'] = cold.ms;

    let worst = { p95: 0, label: '' };
    for (const s of skip.has('queries') ? [] : Object.values(scopes)) {
      for (const c of timedCalls(s, p30, p365, m.touchpointIds, m.journeyId)) {
        const r = await timeCall(ds, s, c, runs);
        out[`${s.name} | ${c.label}: p50 / p95 ms`] = `${fmt(r.p50)} / ${fmt(r.p95)}`;
        const target = c.label.startsWith('journey map')
          ? 150
          : c.label.startsWith('key drivers')
            ? Number.POSITIVE_INFINITY
            : 100;
        if (r.p95 > target && r.p95 - target > worst.p95)
          worst = { p95: r.p95 - target, label: `${s.name} | ${c.label} (p95 ${fmt(r.p95)} ms)` };
      }
      const page = await timePage(ds, s, p30, m.touchpointIds, Math.max(5, runs / 5));
      out[`${s.name} | whole dashboard page (${page.requests} requests, 2 waves): p50 / p95 ms`] =
        `${fmt(page.p50)} / ${fmt(page.p95)}`;
    }
    if (!skip.has('queries'))
      out['targets (p95 < 100 ms queries, < 150 ms journey map)'] = worst.label
        ? `MISSED — worst: ${worst.label}`
        : 'met by every timed query (key drivers excluded: an analysis over ≤ 50,000 responses)';

    phase('queries');
    if (!skip.has('raw')) {
      log('raw scans …');
      const cmp = await compareWithRaw(ds, { hq: scopes.hq, region: scopes.region, store: scopes.store }, p30, p365, {
        apiRuns: Math.max(10, runs / 5),
        rawRuns: opts.quick ? 1 : 3,
        tz: TZ,
      });
      for (const c of cmp)
        out[`raw vs rollups | ${c.label}`] =
          `rollups ${fmt(c.apiMs)} ms vs raw scan ${c.rawMs.toLocaleString('en', { maximumFractionDigits: 0 })} ms (×${Math.round(c.rawMs / c.apiMs)}); values ${c.equal ? 'equal' : 'DIFFER'}${c.detail ? `; ${c.detail}` : ''}`;
    }
    phase('raw scans');
    if (!skip.has('live')) {
      log('live tiles under load …');
      Object.assign(out, await liveDashboard(ds, scopes.hq, { seconds: opts.quick ? 10 : 30, rate: 1000, tz: TZ }));
      const after = await verifyRollups(ds.ctx, m.tenantId);
      out['rollups after the live phase: * = count(*)'] =
        after.scoreStar === after.responses && after.monthlyStar === after.responses && after.responses === m.responses
          ? 'yes (data set unchanged)'
          : `NO (${after.scoreStar} vs ${after.responses})`;
    }
    out['disk: data set bytes'] = `${((await datasetBytes(ds)) / 1e9).toFixed(2)} GB`;
    phase('live');
    clearInterval(sampler);
    out['memory: peak RSS per phase (server + bench client + PGlite), MB'] = peaks.join(', ');
    out['memory: free system memory at end MB'] = Math.round(freemem() / 1e6);
    await ds.stop();
    return out;
  },
};
