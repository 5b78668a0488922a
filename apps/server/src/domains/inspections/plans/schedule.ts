import type { TPlanSchedule } from '@loopcx/shared';
import { type Executor, one, sql } from '../../../platform/db.ts';

/**
 * A plan's calendar in the tenant's time zone, computed by PostgreSQL (`AT TIME ZONE`), so every node agrees on
 * which month or ISO week an instant falls in, whatever its own zone.
 */

/** The period a run at `at` covers: `once`, an ISO week `2026-W49` or a month `2026-12`. */
export async function periodKey(ex: Executor, tz: string, s: TPlanSchedule, at: Date): Promise<string> {
  if (s.every === 'once') return 'once';
  const format = s.every === 'weekly' ? 'IYYY-"W"IW' : 'YYYY-MM';
  const r = await one<{ key: string }>(
    ex,
    sql`SELECT to_char(${at.toISOString()}::timestamptz AT TIME ZONE ${tz}::text, ${format}::text) AS key`,
  );
  return r?.key ?? 'once';
}

/**
 * The first scheduled instant strictly after `after` (midnight of the plan's weekday or month day, local time); a
 * one-off plan runs at its `at` (or `after` itself when it gives none).
 */
export async function nextRunAfter(ex: Executor, tz: string, s: TPlanSchedule, after: Date): Promise<Date> {
  if (s.every === 'once') return s.at ? new Date(s.at) : after;
  const unit = s.every === 'weekly' ? 'week' : 'month';
  const offsetDays = (s.every === 'weekly' ? s.weekday : s.day) - 1;
  const step = s.every === 'weekly' ? '7 days' : '1 month';
  const r = await one<{ at: Date | string }>(
    ex,
    sql`WITH l AS (SELECT ${after.toISOString()}::timestamptz AT TIME ZONE ${tz}::text AS t),
        c AS (SELECT date_trunc(${unit}::text, t) + make_interval(days => ${offsetDays}::int) AS at, t FROM l)
        SELECT (CASE WHEN at > t THEN at ELSE date_trunc(${unit}::text, t) + ${step}::interval
                  + make_interval(days => ${offsetDays}::int) END) AT TIME ZONE ${tz}::text AS at FROM c`,
  );
  return new Date(r!.at);
}
