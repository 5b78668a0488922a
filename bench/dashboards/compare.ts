import { addHistograms, emptyHistogram, type Histogram } from '@loopcx/shared';
import { one, rows, sql } from '../../apps/server/src/platform/db.ts';
import { type Period, pct, type Scope } from './console.ts';
import type { Dataset } from './dataset.ts';
import { type RawScope, rawCpo, rawHistograms, rawValue, same } from './raw.ts';

interface Row {
  key: string;
  value: number | null;
  n: number;
  previous?: number | null;
  numerator?: number | null;
  denominator?: number | null;
}

export interface Comparison {
  label: string;
  /** p50 of the API call(s) through HTTP, ms. */
  apiMs: number;
  /** median of the raw scans, ms. */
  rawMs: number;
  /** Every value the API returned equals the raw recomputation. */
  equal: boolean;
  detail?: string;
}

async function timed<T>(runs: number, fn: () => Promise<T>): Promise<{ ms: number; out: T }> {
  const ms: number[] = [];
  let out!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    out = await fn();
    ms.push(performance.now() - t0);
  }
  return { ms: pct(ms, 50), out };
}

const prevOf = (p: Period): Period => {
  const span = Date.parse(p.to) - Date.parse(p.from);
  return { from: new Date(Date.parse(p.from) - span).toISOString().slice(0, 10), to: p.from };
};

/**
 * The headline dashboard queries against the same figures recomputed by scanning raw responses and events: the
 * time ratio, and whether every value agrees (n, value, previous, numerator/denominator).
 */
export async function compareWithRaw(
  ds: Dataset,
  scopes: { hq: Scope; region: Scope; store: Scope },
  p30: Period,
  p365: Period,
  o: { apiRuns: number; rawRuns: number; tz: string },
) {
  const ex = ds.ctx.db;
  const pathOf = async (id: string) =>
    (await one<{ path: string }>(
      ex,
      sql`SELECT path FROM org_units WHERE tenant_id = ${ds.meta.tenantId} AND id = ${id}`,
    ))!.path;
  const raw = async (s: Scope): Promise<RawScope> => ({
    tenantId: ds.meta.tenantId,
    unitId: s.orgUnitId,
    unitPath: await pathOf(s.orgUnitId),
    tz: o.tz,
  });
  const api = async (path: string, body?: Record<string, unknown>, s?: Scope) => {
    const ms: number[] = [];
    let out: unknown;
    await ds.call(path, body, s?.as);
    for (let i = 0; i < o.apiRuns; i++) {
      const r = await ds.call(path, body, s?.as);
      ms.push(r.ms);
      out = r.body;
    }
    return { ms: pct(ms, 50), body: out as { rows: Row[] } };
  };
  const out: Comparison[] = [];
  const prev30 = prevOf(p30);

  // Overview tiles with their comparison period.
  for (const [s, metric] of [
    [scopes.hq, 'nps'],
    [scopes.hq, 'responses'],
    [scopes.region, 'nps'],
    [scopes.store, 'nps'],
  ] as const) {
    const a = await api(
      'metrics/query',
      { metric, orgUnitId: s.orgUnitId, from: p30.from, to: p30.to, compareTo: 'previous' },
      s,
    );
    const rs = await raw(s);
    const binding = metric === 'responses' ? '*' : metric;
    const r = await timed(o.rawRuns, async () => [
      await rawHistograms(ex, rs, binding, p30.from, p30.to, 'none'),
      await rawHistograms(ex, rs, binding, prev30.from, prev30.to, 'none'),
    ]);
    const cur = rawValue(metric, r.out[0].get(s.orgUnitId));
    const prev = rawValue(metric, r.out[1].get(s.orgUnitId));
    const row = a.body.rows[0];
    out.push({
      label: `${s.name}: tile ${metric} (30 d vs previous 30 d)`,
      apiMs: a.ms,
      rawMs: r.ms,
      equal: same(row.value, cur.value) && row.n === cur.n && same(row.previous, prev.value),
    });
  }

  // Ranking of the child units.
  {
    const s = scopes.hq;
    const a = await api(
      'metrics/query',
      { metric: 'nps', orgUnitId: s.orgUnitId, from: p30.from, to: p30.to, groupBy: 'children' },
      s,
    );
    const r = await timed(o.rawRuns, async () => rawHistograms(ex, await raw(s), 'nps', p30.from, p30.to, 'children'));
    const equal = a.body.rows.every(
      (row) =>
        same(row.value, rawValue('nps', r.out.get(row.key)).value) && row.n === rawValue('nps', r.out.get(row.key)).n,
    );
    out.push({ label: `${s.name}: ranking of child units, NPS (30 d)`, apiMs: a.ms, rawMs: r.ms, equal });
  }

  // Heatmap: the 8 columns as the page issues them (in parallel) against one raw scan of unit × touchpoint.
  {
    const s = scopes.hq;
    const ms: number[] = [];
    let cols: Array<{ rows: Row[] }> = [];
    for (let i = 0; i <= o.apiRuns; i++) {
      const t0 = performance.now();
      cols = (
        await Promise.all(
          ds.meta.touchpointIds.map((tp) =>
            ds.call(
              'metrics/query',
              {
                metric: 'csat',
                orgUnitId: s.orgUnitId,
                touchpointId: tp,
                from: p30.from,
                to: p30.to,
                groupBy: 'children',
              },
              s.as,
            ),
          ),
        )
      ).map((x) => x.body as { rows: Row[] });
      if (i > 0) ms.push(performance.now() - t0);
    }
    const r = await timed(o.rawRuns, async () =>
      rawHistograms(ex, await raw(s), 'csat', p30.from, p30.to, 'children×touchpoint'),
    );
    const equal = cols.every((c, i) =>
      c.rows.every((row) =>
        same(row.value, rawValue('csat', r.out.get(`${row.key}|${ds.meta.touchpointIds[i]}`)).value),
      ),
    );
    out.push({
      label: `${s.name}: unit × touchpoint heatmap, CSAT (8 columns in parallel vs 1 scan)`,
      apiMs: pct(ms, 50),
      rawMs: r.ms,
      equal,
    });
  }

  // 12-month trend.
  {
    const s = scopes.hq;
    const a = await api(
      'metrics/query',
      { metric: 'nps', orgUnitId: s.orgUnitId, from: p365.from, to: p365.to, groupBy: 'month' },
      s,
    );
    const r = await timed(o.rawRuns, async () => rawHistograms(ex, await raw(s), 'nps', p365.from, p365.to, 'month'));
    const equal =
      a.body.rows.length === r.out.size &&
      a.body.rows.every((row) => same(row.value, rawValue('nps', r.out.get(row.key), 1).value));
    out.push({
      label: `${s.name}: 12-month trend, NPS by month`,
      apiMs: a.ms,
      rawMs: r.ms,
      equal,
      detail: `${a.body.rows.length} months`,
    });
  }

  // The journey map: each touchpoint's primary metric, this period and the previous one.
  {
    const s = scopes.hq;
    const ms: number[] = [];
    let map:
      | {
          stages: Array<{
            touchpoints: Array<{
              id: string;
              metric: string;
              value: number | null;
              n: number;
              previous: number | null;
            }>;
          }>;
        }
      | undefined;
    for (let i = 0; i <= o.apiRuns; i++) {
      const res = await ds.call(
        `journeys/${ds.meta.journeyId}/map?orgUnitId=${s.orgUnitId}&from=${p30.from}&to=${p30.to}`,
        undefined,
        s.as,
      );
      if (i > 0) ms.push(res.ms);
      map = res.body as typeof map;
    }
    const rs = await raw(s);
    const r = await timed(o.rawRuns, async () => {
      const list = await rows<Record<string, string | number>>(
        ex,
        sql`SELECT r.touchpoint_id::text AS tp, e.key, r.submitted_at >= (${p30.from}::timestamp AT TIME ZONE ${o.tz}) AS cur, count(*)::float8 AS n,
                   sum(e.value::float8)::float8 AS sum, sum(e.value::float8 ^ 2)::float8 AS sumsq,
                   ${sql.raw(Array.from({ length: 11 }, (_, h) => `count(*) FILTER (WHERE e.value::float8 = ${h})::float8 AS h${h}`).join(', '))}
            FROM responses r JOIN org_units o ON o.tenant_id = r.tenant_id AND o.id = r.org_unit_id
            CROSS JOIN LATERAL jsonb_each_text(r.scores) e
            WHERE r.tenant_id = ${rs.tenantId} AND o.path LIKE ${`${rs.unitPath}%`}
              AND r.submitted_at >= (${prev30.from}::timestamp AT TIME ZONE ${o.tz}) AND r.submitted_at < (${p30.to}::timestamp AT TIME ZONE ${o.tz})
            GROUP BY 1, 2, 3`,
      );
      const m = new Map<string, Histogram>();
      for (const x of list) {
        const k = `${x.tp}|${x.key}|${x.cur}`;
        m.set(
          k,
          addHistograms(m.get(k) ?? emptyHistogram(), {
            n: Number(x.n),
            sum: Number(x.sum),
            sumsq: Number(x.sumsq),
            h: Array.from({ length: 11 }, (_, h) => Number(x[`h${h}`])),
          }),
        );
      }
      return m;
    });
    const tps = map!.stages.flatMap((st) => st.touchpoints);
    const equal = tps.every((tp) => {
      const cur = rawValue(tp.metric, r.out.get(`${tp.id}|${tp.metric}|true`));
      const prev = rawValue(tp.metric, r.out.get(`${tp.id}|${tp.metric}|false`));
      return same(tp.value, cur.value) && tp.n === cur.n && same(tp.previous, prev.value);
    });
    out.push({
      label: `${s.name}: journey map, 8 touchpoints (30 d vs previous 30 d)`,
      apiMs: pct(ms, 50),
      rawMs: r.ms,
      equal,
    });
  }

  // CPO (formula over events): the tile with its comparison, and the 12-month trend.
  for (const [label, p, group] of [
    ['CPO tile (30 d vs previous 30 d)', p30, 'none'],
    ['CPO 12-month trend by month', p365, 'month'],
  ] as const) {
    const s = scopes.hq;
    const body =
      group === 'none'
        ? { metric: 'cpo', orgUnitId: s.orgUnitId, from: p.from, to: p.to, compareTo: 'previous' }
        : { metric: 'cpo', orgUnitId: s.orgUnitId, from: p.from, to: p.to, groupBy: 'month' };
    const a = await api('metrics/query', body, s);
    const rs = await raw(s);
    const r = await timed(o.rawRuns, async () =>
      group === 'none'
        ? [await rawCpo(ex, rs, p.from, p.to, 'none'), await rawCpo(ex, rs, prevOf(p).from, prevOf(p).to, 'none')]
        : [await rawCpo(ex, rs, p.from, p.to, 'month')],
    );
    const equal = a.body.rows.every((row) => {
      const x = r.out[0].get(row.key);
      return !!x && row.numerator === x.calls && row.denominator === x.orders && same(row.value, x.calls / x.orders);
    });
    out.push({ label: `${s.name}: ${label}`, apiMs: a.ms, rawMs: r.ms, equal });
  }
  return out;
}
