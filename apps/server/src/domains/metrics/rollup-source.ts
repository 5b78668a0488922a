import type { SQL } from 'drizzle-orm';
import { sql } from '../../platform/db.ts';

const DAY = 86400_000;
const COLUMNS = sql.raw(
  `tenant_id, survey_id, binding, org_unit_id, touchpoint_id, n, sum, sumsq, ${Array.from({ length: 11 }, (_, i) => `h${i}`).join(', ')}`,
);

/** First day of the month of a YYYY-MM-DD day. */
const monthOf = (day: string) => `${day.slice(0, 7)}-01`;
/** First day of the month after a YYYY-MM-DD day's month. */
function nextMonth(day: string): string {
  const d = new Date(Date.parse(monthOf(day)) + 32 * DAY);
  return `${d.toISOString().slice(0, 7)}-01`;
}

export interface MonthSplit {
  /** Days before the first whole month (daily rollups). */
  head?: [string, string];
  /** Whole months (monthly rollups), as [first month's first day, first day after the last month). */
  months?: [string, string];
  /** Days after the last whole month (daily rollups). */
  tail?: [string, string];
}

/**
 * Splits tenant-local days [from, to) into the whole calendar months inside it and the days around them.
 * Without a whole month inside, everything is head.
 */
export function splitByMonth(from: string, to: string): MonthSplit {
  const first = monthOf(from) === from ? from : nextMonth(from);
  const last = monthOf(to);
  if (first >= last) return from < to ? { head: [from, to] } : {};
  return {
    ...(from < first ? { head: [from, first] as [string, string] } : {}),
    months: [first, last],
    ...(last < to ? { tail: [last, to] as [string, string] } : {}),
  };
}

/**
 * Score rollup rows of a tenant covering tenant-local days [from, to), as a FROM item aliased `r` with the columns
 * of score_rollups (`day` is the day, or the month's first day for a monthly row). Whole months come from
 * score_rollups_monthly, the days around them from score_rollups: the sums are identical (both tables are
 * written in the same transaction) and a 12-month period reads ~30× fewer rows. `daily` forces daily rows (for
 * grouping by day or week). Conditions on r (binding, unit, touchpoint, survey) reach each branch of the UNION.
 * `customerGroup` reads the customer-group rollups instead (migration 0032: the same columns per value tier or
 * segment), keeping only group keys equal to it or, ending in ':', starting with it; `r.group_key` is then a column.
 */
export function scoreRollupsFor(
  tenantId: string,
  from: string,
  to: string,
  opts: { daily?: boolean; customerGroup?: string } = {},
): SQL {
  const split = opts.daily ? (from < to ? { head: [from, to] as [string, string] } : {}) : splitByMonth(from, to);
  const parts: SQL[] = [];
  const g = opts.customerGroup;
  const [daily, monthly] = g
    ? [sql.raw('customer_score_rollups'), sql.raw('customer_score_rollups_monthly')]
    : [sql.raw('score_rollups'), sql.raw('score_rollups_monthly')];
  const cols = g ? sql`${COLUMNS}, group_key` : COLUMNS;
  const where = g
    ? g.endsWith(':')
      ? sql`tenant_id = ${tenantId} AND group_key >= ${g} AND group_key < ${`${g.slice(0, -1)};`}`
      : sql`tenant_id = ${tenantId} AND group_key = ${g}`
    : sql`tenant_id = ${tenantId}`;
  for (const range of [split.head, split.tail]) {
    if (range)
      parts.push(
        sql`SELECT ${cols}, day FROM ${daily} WHERE ${where} AND day >= ${range[0]}::date AND day < ${range[1]}::date`,
      );
  }
  if (split.months) {
    parts.push(
      sql`SELECT ${cols}, month AS day FROM ${monthly} WHERE ${where} AND month >= ${split.months[0]}::date AND month < ${split.months[1]}::date`,
    );
  }
  // An empty period still yields a well-typed, empty source.
  if (!parts.length) parts.push(sql`SELECT ${cols}, day FROM ${daily} WHERE false`);
  return sql`(${sql.join(parts, sql` UNION ALL `)}) r`;
}
