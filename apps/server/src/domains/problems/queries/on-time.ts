import type { TOnTime } from '@loopcx/shared';
import { wilson } from '@loopcx/shared';
import type { SQL } from 'drizzle-orm';
import { sql } from '../../../platform/db.ts';

/**
 * The on-time rule of `presenter.ts` `onTime` in SQL over tasks `k` at `now`: counts of tasks done on time and of
 * tasks whose outcome is decided (on time or late).
 */
export function onTimeCounts(now: Date): SQL {
  const at = now.toISOString();
  return sql`count(*) FILTER (WHERE k.status = 'accepted' AND k.submitted_at <= k.due_at)::int AS on_time,
    count(*) FILTER (WHERE k.status = 'accepted'
      OR (k.due_at < ${at} AND NOT (k.status = 'submitted' AND k.submitted_at <= k.due_at)))::int AS decided`;
}

/** The rate in % with its Wilson 95 % interval (null when nothing is decided). */
export function onTimeRate(onTime: number, decided: number): TOnTime {
  if (decided === 0) return { onTime, decided, rate: null, ci: null };
  return { onTime, decided, rate: (100 * onTime) / decided, ci: wilson(onTime, decided) };
}
