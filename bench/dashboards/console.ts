import type { Dataset } from './dataset.ts';

/** A period as the console sends it: from (inclusive) and to (exclusive) tenant-local days. */
export interface Period {
  from: string;
  to: string;
}

export interface Scope {
  name: string;
  as: 'owner' | 'manager';
  orgUnitId: string;
}

/** One request the console makes: a path and, for POST /metrics/query, its body. */
export interface ConsoleCall {
  label: string;
  path: string;
  body?: Record<string, unknown>;
}

export const pct = (xs: number[], p: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] : Number.NaN;

const q = (label: string, s: Scope, p: Period, body: Record<string, unknown>): ConsoleCall => ({
  label,
  path: 'metrics/query',
  body: { orgUnitId: s.orgUnitId, from: p.from, to: p.to, ...body },
});

/**
 * The requests of apps/console/src/modules/dashboards (DashboardPage + FormulaTiles) for one unit and period, in
 * the order the page issues them: tiles and sparklines per metric, the CPO tile, the ranking of child units, CSAT
 * by touchpoint and key drivers; then, once the touchpoints are known, one heatmap column (children) per touchpoint.
 */
export function dashboardCalls(
  s: Scope,
  p: Period,
  touchpointIds: string[],
): { first: ConsoleCall[]; heat: ConsoleCall[] } {
  const metrics = ['nps', 'csat', 'ces', 'responses'];
  return {
    first: [
      { label: 'metric definitions', path: 'metrics' },
      { label: 'touchpoints', path: 'touchpoints' },
      { label: 'org units', path: 'org-units' },
      ...metrics.map((m) => q(`tile ${m}`, s, p, { metric: m, compareTo: 'previous' })),
      ...metrics.map((m) =>
        q(`sparkline ${m}`, s, p, {
          metric: m,
          groupBy: Date.parse(p.to) - Date.parse(p.from) > 92 * 86400_000 ? 'month' : 'week',
          minN: 1,
        }),
      ),
      q('tile cpo', s, p, { metric: 'cpo', compareTo: 'previous' }),
      q('ranking nps', s, p, { metric: 'nps', groupBy: 'children' }),
      q('csat by touchpoint', s, p, { metric: 'csat', groupBy: 'touchpoint', minN: 1 }),
      { label: 'drivers', path: `metrics/drivers?metric=nps&orgUnitId=${s.orgUnitId}&from=${p.from}&to=${p.to}` },
    ],
    heat: touchpointIds.map((tp, i) =>
      q(`heatmap column ${i}`, s, p, { metric: 'csat', touchpointId: tp, groupBy: 'children' }),
    ),
  };
}

/** The individually timed queries for one scope (the dashboard's, the 12-month trend, CPO and the journey map). */
export function timedCalls(
  s: Scope,
  p30: Period,
  p365: Period,
  touchpointIds: string[],
  journeyId: string,
): ConsoleCall[] {
  return [
    q('overview tile NPS (30 d vs previous)', s, p30, { metric: 'nps', compareTo: 'previous' }),
    q('overview tile CSAT (30 d vs previous)', s, p30, { metric: 'csat', compareTo: 'previous' }),
    q('overview tile responses (30 d vs previous)', s, p30, { metric: 'responses', compareTo: 'previous' }),
    q('sparkline NPS (30 d by week)', s, p30, { metric: 'nps', groupBy: 'week', minN: 1 }),
    q('ranking of child units, NPS (30 d)', s, p30, { metric: 'nps', groupBy: 'children' }),
    q('CSAT by touchpoint (30 d)', s, p30, { metric: 'csat', groupBy: 'touchpoint', minN: 1 }),
    q('heatmap column: CSAT of children at 1 touchpoint (30 d)', s, p30, {
      metric: 'csat',
      touchpointId: touchpointIds[4],
      groupBy: 'children',
    }),
    q('12-month trend NPS (by month; the console at 365 d)', s, p365, { metric: 'nps', groupBy: 'month', minN: 1 }),
    q('CPO tile (30 d vs previous)', s, p30, { metric: 'cpo', compareTo: 'previous' }),
    q('CPO ranking of child units (30 d)', s, p30, { metric: 'cpo', groupBy: 'children' }),
    q('CPO 12-month trend (by month)', s, p365, { metric: 'cpo', groupBy: 'month' }),
    {
      label: 'journey map (30 d vs previous)',
      path: `journeys/${journeyId}/map?orgUnitId=${s.orgUnitId}&from=${p30.from}&to=${p30.to}`,
    },
    {
      label: 'journey map (12 months vs previous)',
      path: `journeys/${journeyId}/map?orgUnitId=${s.orgUnitId}&from=${p365.from}&to=${p365.to}`,
    },
    {
      label: 'key drivers (30 d, reads ≤ 50,000 responses)',
      path: `metrics/drivers?metric=nps&orgUnitId=${s.orgUnitId}&from=${p30.from}&to=${p30.to}`,
    },
  ];
}

/** Times a call `runs` times (after `warm` untimed runs); returns p50/p95/max in ms and the last body. */
export async function timeCall(ds: Dataset, s: Scope, c: ConsoleCall, runs: number, warm = 2) {
  let body: unknown;
  for (let i = 0; i < warm; i++) body = (await ds.call(c.path, c.body, s.as)).body;
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await ds.call(c.path, c.body, s.as);
    ms.push(r.ms);
    body = r.body;
  }
  return { p50: pct(ms, 50), p95: pct(ms, 95), max: Math.max(...ms), body };
}

/** A whole dashboard page load as the browser makes it: the first wave in parallel, then the heatmap columns in parallel. */
export async function timePage(ds: Dataset, s: Scope, p: Period, touchpointIds: string[], runs: number) {
  const { first, heat } = dashboardCalls(s, p, touchpointIds);
  const ms: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const t0 = performance.now();
    await Promise.all(first.map((c) => ds.call(c.path, c.body, s.as)));
    await Promise.all(heat.map((c) => ds.call(c.path, c.body, s.as)));
    if (i > 0) ms.push(performance.now() - t0);
  }
  return { requests: first.length + heat.length, p50: pct(ms, 50), p95: pct(ms, 95) };
}
