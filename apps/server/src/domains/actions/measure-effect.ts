import { addDays, dayIn, type TActionEffect } from '@loopcx/shared';
import { type Executor, one, rows, sql } from '../../platform/db.ts';
import { pathUnder } from '../org/scope.ts';
import { tenantTimeZone } from '../tenancy/queries/tenant-time-zone.ts';
import { csatEstimate, differenceInDifferences, type Hist, meanEstimate, npsEstimate } from './did.ts';

const H = Array.from({ length: 11 }, (_, i) => `h${i}`);

/** Sums score rollups of `binding` over the given unit subtrees (or all units of a kind outside them) and days. */
async function sumHist(
  ex: Executor,
  tenantId: string,
  binding: string,
  units: { include?: string[]; excludePaths?: string[]; kinds?: string[] },
  from: string,
  to: string,
): Promise<Hist> {
  const unitFilter = units.include
    ? sql`r.org_unit_id IN (SELECT o.id FROM org_units o WHERE o.tenant_id = ${tenantId} AND (${sql.join(
        units.include.map((p) => pathUnder('o', p)),
        sql` OR `,
      )}))`
    : sql`r.org_unit_id IN (SELECT o.id FROM org_units o WHERE o.tenant_id = ${tenantId}
          AND o.kind IN (${sql.join(
            (units.kinds ?? ['store']).map((k) => sql`${k}`),
            sql`, `,
          )})
          ${
            units.excludePaths?.length
              ? sql`AND NOT (${sql.join(
                  units.excludePaths.map((p) => pathUnder('o', p)),
                  sql` OR `,
                )})`
              : sql``
          })`;
  const row = await one<Record<string, number | string | null>>(
    ex,
    sql`SELECT coalesce(sum(n),0) AS n, coalesce(sum(sum),0) AS sum, coalesce(sum(sumsq),0) AS sumsq,
          ${sql.raw(H.map((h) => `coalesce(sum(${h}),0) AS ${h}`).join(', '))}
        FROM score_rollups r WHERE r.tenant_id = ${tenantId} AND r.binding = ${binding} AND r.day >= ${from} AND r.day < ${to} AND ${unitFilter}`,
  );
  return {
    n: Number(row?.n ?? 0),
    sum: Number(row?.sum ?? 0),
    sumsq: Number(row?.sumsq ?? 0),
    h: H.map((h) => Number(row?.[h] ?? 0)),
  };
}

/**
 * The measured effect of an improvement action: difference-in-differences of the target metric between the
 * units in scope and comparable units (same kinds, outside the scope), over equal windows before and after
 * the start date (up to `windowDays`, and never past today).
 */
export async function measureEffect(
  ex: Executor,
  tenantId: string,
  action: { metric: string; orgUnitIds: string[]; startDate: string },
  now: Date,
  windowDays = 28,
): Promise<TActionEffect> {
  const units = await rows<{ path: string; kind: string }>(
    ex,
    sql`SELECT path, kind FROM org_units WHERE tenant_id = ${tenantId} AND id IN (${sql.join(
      action.orgUnitIds.map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
  // Whole tenant days from the start date up to (not including) the tenant's today.
  const today = dayIn(await tenantTimeZone(ex, tenantId), now);
  const start = action.startDate.slice(0, 10);
  const afterDays = Math.max(0, Math.min(windowDays, (Date.parse(today) - Date.parse(start)) / 86400_000));
  const before = [addDays(start, -windowDays), start] as const;
  const after = [start, addDays(start, afterDays)] as const;
  const paths = units.map((u) => u.path);
  // Comparable units: the kinds of the treated units' stores (a region's action compares stores with stores).
  const kinds = ['store'];
  const binding = action.metric;
  const est = (h: Hist) =>
    binding === 'nps' ? npsEstimate(h) : binding === 'csat' ? csatEstimate(h) : meanEstimate(h);
  const [tb, ta, cb, ca] = await Promise.all([
    sumHist(ex, tenantId, binding, { include: paths }, ...before),
    sumHist(ex, tenantId, binding, { include: paths }, ...after),
    sumHist(ex, tenantId, binding, { excludePaths: paths, kinds }, ...before),
    sumHist(ex, tenantId, binding, { excludePaths: paths, kinds }, ...after),
  ]);
  return {
    metric: binding,
    before: { from: before[0], to: before[1] },
    after: { from: after[0], to: after[1] },
    afterDays,
    ...differenceInDifferences(est(tb), est(ta), est(cb), est(ca)),
  };
}
