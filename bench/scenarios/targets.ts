// Targets (issue 19): effective-target resolution with status for every unit × metric, and the peer leaderboard.
//
//   npm run bench -- --only=targets [--db=pglite|postgres] [--quick]
//
// A chain of 3 regions × 8 stores (the demo's shape), a year of daily score rollups (and their monthly sums) for NPS,
// CSAT and CES written in SQL, targets at HQ for the year, each quarter and month, with region and store overrides.
// Times GET /targets at HQ (all 28 units, one metric, month and quarter) and GET /leaderboard for a store, through HTTP.
import { randomUUID } from 'node:crypto';
import { rows, sql } from '../../apps/server/src/platform/db.ts';
import { periodsOfDay } from '../../packages/shared/src/metrics/targets.ts';
import type { BenchOptions, BenchScenario } from '../run.ts';
import { startBenchServer } from '../support.ts';

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

export const scenario: BenchScenario = {
  name: 'targets',
  async run(opts: BenchOptions) {
    const runs = opts.quick ? 10 : 100;
    const server = await startBenchServer(opts, { stores: 0 });
    const { ctx, call, base, cookie } = server;
    const t = server.tenant.tenantId;
    const slug = randomUUID().slice(0, 6);
    const stores: string[] = [];
    const regions: string[] = [];
    for (let r = 0; r < 3; r++) {
      const region = await call('/api/v1/org-units', {
        parentId: server.tenant.rootId,
        code: `R${r}-${slug}`,
        name: `Region ${r}`,
        kind: 'region',
      });
      regions.push(region.id);
      for (let s = 0; s < 8; s++)
        stores.push(
          (
            await call('/api/v1/org-units', {
              parentId: region.id,
              code: `S${r}${s}-${slug}`,
              name: `Store ${r}.${s}`,
              kind: 'store',
            })
          ).id,
        );
    }
    const NIL = '00000000-0000-0000-0000-000000000000';
    // ~12 answers per store, binding and day: h10/h8/h3 (NPS), h5/h4/h2 (CSAT), h2/h3/h5 (CES) in store-dependent mixes.
    await ctx.db.execute(
      sql`INSERT INTO score_rollups (tenant_id, survey_id, binding, org_unit_id, touchpoint_id, day, n, sum, sumsq, h2, h3, h4, h5, h8, h10)
          SELECT ${t}, ${NIL}, b.binding, u.id, ${NIL}, current_date - g, 12, 0, 0,
                 CASE WHEN b.binding <> 'nps' THEN 3 ELSE 0 END, CASE WHEN b.binding = 'nps' THEN 2 + (u.i % 3) ELSE 3 END,
                 CASE WHEN b.binding = 'csat' THEN 4 ELSE 0 END, CASE WHEN b.binding <> 'nps' THEN 2 + (u.i % 3) ELSE 0 END,
                 CASE WHEN b.binding = 'nps' THEN 3 ELSE 0 END, CASE WHEN b.binding = 'nps' THEN 7 - (u.i % 3) ELSE 0 END
          FROM unnest(${`{${stores.join(',')}}`}::uuid[]) WITH ORDINALITY AS u(id, i)
          CROSS JOIN (VALUES ('nps'), ('csat'), ('ces')) AS b(binding) CROSS JOIN generate_series(0, 365) AS g`,
    );
    await ctx.db.execute(
      sql`INSERT INTO score_rollups_monthly (tenant_id, survey_id, binding, org_unit_id, touchpoint_id, month, n, sum, sumsq, h2, h3, h4, h5, h8, h10)
          SELECT tenant_id, survey_id, binding, org_unit_id, touchpoint_id, date_trunc('month', day)::date, sum(n), 0, 0,
                 sum(h2), sum(h3), sum(h4), sum(h5), sum(h8), sum(h10)
          FROM score_rollups WHERE tenant_id = ${t} GROUP BY 1, 2, 3, 4, 5, 6`,
    );
    const today = new Date().toISOString().slice(0, 10);
    const p = periodsOfDay(today);
    const put = (metric: string, orgUnitId: string, period: string, value: number) =>
      fetch(`${base}/api/v1/targets`, {
        method: 'PUT',
        headers: { cookie, origin: base, 'content-type': 'application/json' },
        body: JSON.stringify({ metric, orgUnitId, period, value }),
      });
    for (const [metric, v] of [
      ['nps', 40],
      ['csat', 60],
      ['ces', 3],
    ] as const) {
      for (const period of [p.year, p.quarter, p.month]) await put(metric, server.tenant.rootId, period, v);
      await put(metric, regions[0], p.month, v + (metric === 'ces' ? 0.5 : 5));
      for (const s of stores.slice(0, 4)) await put(metric, s, p.quarter, v + (metric === 'ces' ? 1 : 10));
    }
    const time = async (path: string) => {
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) {
        const at = performance.now();
        const res = await fetch(`${base}/api/v1/${path}`, { headers: { cookie } });
        if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
        ms.push(performance.now() - at);
      }
      return ms;
    };
    const out: Record<string, number | string> = { units: stores.length + regions.length + 1, runs };
    const check = await rows<{ n: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS n FROM metric_targets WHERE tenant_id = ${t}`,
    );
    out.targets = Number(check[0]?.n ?? 0);
    for (const [name, path] of [
      ['grid month nps', `targets?metric=nps&period=${p.month}`],
      ['grid quarter csat', `targets?metric=csat&period=${p.quarter}`],
      ['grid year ces', `targets?metric=ces&period=${p.year}`],
      ['leaderboard store', `leaderboard?metric=nps&period=${p.month}&orgUnitId=${stores[5]}`],
      ['leaderboard region', `leaderboard?metric=nps&period=${p.quarter}&orgUnitId=${regions[1]}`],
    ] as const) {
      const ms = await time(path);
      out[`${name} p50 ms`] = Math.round(pct(ms, 50) * 10) / 10;
      out[`${name} p95 ms`] = Math.round(pct(ms, 95) * 10) / 10;
    }
    await server.stop();
    return out;
  },
};
