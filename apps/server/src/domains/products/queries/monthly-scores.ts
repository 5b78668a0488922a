import { emptyHistogram, type Histogram } from '@loopcx/shared';
import type { SQL } from 'drizzle-orm';
import { type Executor, rows, sql } from '../../../platform/db.ts';

/** NPS and CSAT score histograms of one tenant-local calendar month. */
export interface MonthScores {
  /** YYYY-MM */
  month: string;
  nps: Histogram;
  csat: Histogram;
}

/**
 * The window [from, to] as instants: tenant-local days from `from` 00:00 to the end of `to`, in the tenant's zone.
 */
export function windowSql(tenantId: string, from: string, to: string) {
  const tz = sql`(SELECT timezone FROM tenants WHERE id = ${tenantId})`;
  return {
    tz,
    start: sql`((${from}::date)::timestamp AT TIME ZONE ${tz})`,
    end: sql`(((${to}::date) + 1)::timestamp AT TIME ZONE ${tz})`,
  };
}

/**
 * The responses naming product `code` in their context (`context.productCode`, the carrier decision 80 picked)
 * submitted in the window and passing `unitFilter` (an SQL condition on `r`), as a CTE body.
 */
export function productResponses(tenantId: string, code: string, from: string, to: string, unitFilter: SQL): SQL {
  const w = windowSql(tenantId, from, to);
  return sql`SELECT r.id, r.submitted_at, r.scores, r.org_unit_id FROM responses r
             WHERE r.tenant_id = ${tenantId} AND r.context ? 'productCode' AND r.context->>'productCode' = ${code}
               AND r.submitted_at >= ${w.start} AND r.submitted_at < ${w.end} AND ${unitFilter}`;
}

/** The NPS (0–10) and CSAT (1–5) histograms of a product's responses per tenant-local month, oldest first. */
export async function monthlyScores(
  ex: Executor,
  tenantId: string,
  code: string,
  from: string,
  to: string,
  unitFilter: SQL,
): Promise<MonthScores[]> {
  const w = windowSql(tenantId, from, to);
  const found = await rows<{ month: string; k: string; s: number; n: number }>(
    ex,
    sql`WITH pr AS (${productResponses(tenantId, code, from, to, unitFilter)}),
        s AS (SELECT to_char(pr.submitted_at AT TIME ZONE ${w.tz}, 'YYYY-MM') AS month, x.key AS k, x.value
              FROM pr CROSS JOIN LATERAL jsonb_each(pr.scores) x WHERE x.key IN ('nps', 'csat') AND jsonb_typeof(x.value) = 'number')
        SELECT month, k, (value::text)::numeric::float8 AS s, count(*)::int AS n FROM s GROUP BY 1, 2, 3 ORDER BY 1`,
  );
  const months = new Map<string, MonthScores>();
  for (const f of found) {
    const m = months.get(f.month) ?? { month: f.month, nps: emptyHistogram(), csat: emptyHistogram() };
    months.set(f.month, m);
    const h = f.k === 'nps' ? m.nps : m.csat;
    const s = Number(f.s);
    const n = Number(f.n);
    h.n += n;
    h.sum += s * n;
    h.sumsq += s * s * n;
    if (Number.isInteger(s) && s >= 0 && s <= 10) h.h[s] += n;
  }
  return [...months.values()];
}
