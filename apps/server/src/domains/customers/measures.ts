import type { TCompareOp, TMeasure } from '@loopcx/shared';
import type { SQL } from 'drizzle-orm';
import { sql } from '../../platform/db.ts';

const DAY_MS = 86400_000;

/**
 * A per-customer number as a query yielding (customer_id, v) for the tenant's live profiles: the count or value sum
 * of their resolved events of a type in the last `windowDays` (read through the events' type/time index, grouped
 * by customer), or a numeric attribute. Customers without events are absent (their measure is 0).
 */
export function measureQuery(tenantId: string, m: TMeasure, now: Date): SQL {
  if (m.kind === 'attribute') {
    return sql`SELECT c.id AS customer_id, (c.attributes ->> ${m.key})::float8 AS v FROM customers c
               WHERE c.tenant_id = ${tenantId} AND c.merged_into IS NULL AND jsonb_typeof(c.attributes -> ${m.key}) = 'number'`;
  }
  const since = new Date(now.getTime() - m.windowDays * DAY_MS).toISOString();
  const agg = m.fn === 'count' ? sql`count(*)::float8` : sql`coalesce(sum(e.value), 0)::float8`;
  return sql`SELECT e.customer_id, ${agg} AS v FROM events e
             WHERE e.tenant_id = ${tenantId} AND e.type = ${m.eventType} AND e.occurred_at >= ${since}::timestamptz
               AND e.occurred_at <= ${now.toISOString()}::timestamptz AND e.customer_id IS NOT NULL
             GROUP BY e.customer_id`;
}

const OPS: Record<TCompareOp, string> = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' };

/** `<left> <op> <value>` with the operator from a closed list and the value bound as a parameter. */
export function compare(left: SQL, op: TCompareOp, value: number | string): SQL {
  return typeof value === 'number'
    ? sql`${left} ${sql.raw(OPS[op])} ${value}::float8`
    : sql`${left} ${sql.raw(OPS[op])} ${value}::text`;
}
