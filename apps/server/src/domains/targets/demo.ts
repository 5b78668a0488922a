import { randomUUID } from 'node:crypto';
import { dayIn, periodsOfDay } from '@loopcx/shared';
import type { AppContext } from '../../platform/context.ts';
import { one, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { tenantTimeZone } from '../tenancy/queries/tenant-time-zone.ts';
import { targetMetric } from './metric.ts';
import { periodThrough, requirePeriod, tenantUnits } from './queries/effective-targets.ts';
import { unitScores } from './queries/unit-scores.ts';

const DAY = 86400_000;

/**
 * The demo's targets: HQ sets NPS for the year, the quarter and the month and CSAT for the quarter; the East region
 * raises its NPS bar for the month; two stores get their own month targets, placed from the month's data so far so
 * that one is clearly at risk and one clearly met (the stores with the most responses: their intervals are
 * narrowest). Everything else inherits from HQ. The South region caps the fatal error rate of its audits (step 90 runs
 * after the audits of steps 68–72).
 */
export async function seedTargets(ctx: AppContext, demo: DemoTenant) {
  if (await one(ctx.db, sql`SELECT 1 FROM metric_targets WHERE tenant_id = ${demo.tenantId}`)) return;
  const now = ctx.clock.now();
  const today = dayIn(await tenantTimeZone(ctx.db, demo.tenantId), now);
  const p = periodsOfDay(today);
  const nps = await targetMetric(ctx.db, demo.tenantId, 'nps');
  const month = requirePeriod(p.month);
  const all = await tenantUnits(ctx.db, demo.tenantId);
  const stores = [...demo.units].filter(([, u]) => u.kind === 'store').map(([code, u]) => ({ code, ...u }));
  const scores = await unitScores(
    ctx.db,
    demo.tenantId,
    nps,
    month.from,
    periodThrough(month, today),
    [...stores, { id: demo.rootId, path: all.find((u) => u.id === demo.rootId)?.path ?? '' }],
    all,
  );
  const ranked = stores
    .map((s) => ({ ...s, score: scores.get(s.id)! }))
    .filter((s) => s.score.ci !== null)
    .sort((a, b) => b.score.n - a.score.n);
  const hq = scores.get(demo.rootId);
  const round = (v: number) => Math.round(v);
  const hqNps = hq?.value !== null && hq?.value !== undefined ? round(hq.value) : 40;
  const rows: Array<[string, string, string, number]> = [
    ['nps', demo.rootId, p.year, hqNps],
    ['nps', demo.rootId, p.quarter, hqNps],
    ['nps', demo.rootId, p.month, hqNps + 2],
    ['csat', demo.rootId, p.quarter, 80],
  ];
  const east = demo.units.get('EAST');
  if (east) rows.push(['nps', east.id, p.month, hqNps + 5]);
  // A clear miss and a clear hit among the best-measured stores (targets just outside their 95 % interval).
  const [miss, hit] = ranked;
  if (miss?.score.ci) rows.push(['nps', miss.id, p.month, Math.min(100, round(miss.score.ci[1] + 5))]);
  if (hit?.score.ci) rows.push(['nps', hit.id, p.month, Math.max(-100, round(hit.score.ci[0] - 5))]);
  // Service QA: at most 2 % of the South region's outside audits may find a fatal failure, for this year and the year
  // of SZ-03's latest mystery shop (nine days ago, expired food: steps 68–72), so the month holding it shows SZ-03 at
  // risk on the targets page, and the home page too while that month runs.
  const south = demo.units.get('SOUTH');
  const lastShop = periodsOfDay(dayIn(await tenantTimeZone(ctx.db, demo.tenantId), new Date(now.getTime() - 9 * DAY)));
  if (south)
    for (const year of new Set([p.year, lastShop.year])) rows.push(['audit.fatal_error_rate', south.id, year, 2]);
  const owner = demo.users.get('owner@savor.example') ?? null;
  await ctx.db.transaction(async (tx) => {
    for (const [metric, unit, period, value] of rows)
      await tx.execute(
        sql`INSERT INTO metric_targets (tenant_id, id, metric_key, org_unit_id, period, value, set_by, created_at, updated_at)
            VALUES (${demo.tenantId}, ${randomUUID()}, ${metric}, ${unit}, ${period}, ${value}, ${owner}, ${now}, ${now})`,
      );
  });
}
