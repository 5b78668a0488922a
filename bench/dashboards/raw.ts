import { compute, type Histogram } from '@loopcx/shared';
import type { SQL } from 'drizzle-orm';
import { type Executor, rows, sql } from '../../apps/server/src/platform/db.ts';

/**
 * The same metrics computed by scanning raw rows (SQL over responses.scores and events): what a dashboard would
 * cost without rollups, and an independent check of every value the API returned from rollups.
 */
export interface RawScope {
  tenantId: string;
  unitId: string;
  unitPath: string;
  tz: string;
}

export type RawGroup = 'none' | 'children' | 'month' | 'touchpoint' | 'children×touchpoint';

const H = Array.from({ length: 11 }, (_, i) => i);

function keyOf(group: RawGroup, s: RawScope): { select: SQL; join: SQL; by: SQL } {
  const month = sql`to_char(date_trunc('month', r.submitted_at AT TIME ZONE ${s.tz}), 'YYYY-MM-DD')`;
  const child = sql`JOIN org_units c ON c.tenant_id = o.tenant_id AND c.parent_id = ${s.unitId} AND o.path LIKE c.path || '%'`;
  switch (group) {
    case 'children':
      return { select: sql`c.id::text`, join: child, by: sql`GROUP BY 1` };
    case 'month':
      return { select: month, join: sql``, by: sql`GROUP BY 1` };
    case 'touchpoint':
      return { select: sql`r.touchpoint_id::text`, join: sql``, by: sql`GROUP BY 1` };
    case 'children×touchpoint':
      return { select: sql`c.id::text || '|' || r.touchpoint_id::text`, join: child, by: sql`GROUP BY 1` };
    default:
      return { select: sql`${s.unitId}::text`, join: sql``, by: sql`GROUP BY 1` };
  }
}

/** Score histograms of one binding ('*' counts responses) over raw responses, grouped; from/to are tenant-local days. */
export async function rawHistograms(
  ex: Executor,
  s: RawScope,
  binding: string,
  from: string,
  to: string,
  group: RawGroup,
): Promise<Map<string, Histogram>> {
  const k = keyOf(group, s);
  const v = binding === '*' ? sql`0::float8` : sql`(r.scores ->> ${binding})::float8`;
  const list = await rows<Record<string, string | number | null>>(
    ex,
    sql`SELECT ${k.select} AS key, count(*)::float8 AS n, coalesce(sum(x.v), 0)::float8 AS sum, coalesce(sum(x.v * x.v), 0)::float8 AS sumsq,
               ${sql.raw(H.map((h) => `count(*) FILTER (WHERE x.v = ${h})::float8 AS h${h}`).join(', '))}
        FROM responses r JOIN org_units o ON o.tenant_id = r.tenant_id AND o.id = r.org_unit_id ${k.join}
        CROSS JOIN LATERAL (SELECT ${v} AS v) x
        WHERE r.tenant_id = ${s.tenantId} AND o.path LIKE ${`${s.unitPath}%`} AND x.v IS NOT NULL
          AND r.submitted_at >= (${from}::timestamp AT TIME ZONE ${s.tz}) AND r.submitted_at < (${to}::timestamp AT TIME ZONE ${s.tz})
        ${k.by}`,
  );
  const out = new Map<string, Histogram>();
  for (const r of list)
    out.set(String(r.key), {
      n: Number(r.n),
      sum: Number(r.sum),
      sumsq: Number(r.sumsq),
      h: H.map((h) => Number(r[`h${h}`])),
    });
  return out;
}

/** Calls and valid orders (the CPO leaves) over raw events, grouped like the API. */
export async function rawCpo(
  ex: Executor,
  s: RawScope,
  from: string,
  to: string,
  group: RawGroup,
): Promise<Map<string, { calls: number; orders: number }>> {
  const k = keyOf(group, s);
  const select =
    group === 'month' ? sql`to_char(date_trunc('month', r.occurred_at AT TIME ZONE ${s.tz}), 'YYYY-MM-DD')` : k.select;
  const list = await rows<{ key: string; calls: number; orders: number }>(
    ex,
    sql`SELECT ${select} AS key, count(*) FILTER (WHERE r.type = 'call.inbound')::float8 AS calls,
               count(*) FILTER (WHERE r.type = 'order.completed' AND r.properties @> '{"valid": true}')::float8 AS orders
        FROM events r JOIN org_units o ON o.tenant_id = r.tenant_id AND o.id = r.org_unit_id ${k.join}
        WHERE r.tenant_id = ${s.tenantId} AND o.path LIKE ${`${s.unitPath}%`} AND r.type IN ('call.inbound', 'order.completed')
          AND r.occurred_at >= (${from}::timestamp AT TIME ZONE ${s.tz}) AND r.occurred_at < (${to}::timestamp AT TIME ZONE ${s.tz})
        ${k.by}`,
  );
  return new Map(list.map((r) => [String(r.key), { calls: Number(r.calls), orders: Number(r.orders) }]));
}

/** A metric value from a raw histogram, as the API computes it. */
export function rawValue(metric: string, h: Histogram | undefined, minN = 5): { value: number | null; n: number } {
  const kind = metric === 'nps' ? 'nps' : metric === 'csat' ? 'csat' : metric === 'responses' ? 'count' : 'mean';
  const empty = { n: 0, sum: 0, sumsq: 0, h: new Array(11).fill(0) };
  const v = compute(kind, h ?? empty, { scale: 5, minN });
  return { value: v.value, n: v.n };
}

/** Whether two metric values agree (floating sums may differ in the last bits between summation orders). */
export function same(a: number | null | undefined, b: number | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}
