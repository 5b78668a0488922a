import type { TProgrammeUnit } from '@loopcx/shared';

/** A programme's schedule: a wave every `every` units from `startsAt`. */
export interface ProgrammeSchedule {
  every: number;
  unit: TProgrammeUnit;
  startsAt: Date;
}

const DAY = 86_400_000;

function addMonthsUtc(start: Date, months: number): Date {
  const y = start.getUTCFullYear();
  const m = start.getUTCMonth() + months;
  const target = new Date(Date.UTC(y, m, 1));
  // The 31st of a month without one falls on its last day (Jan 31 + 1 month = Feb 28/29), never spills over.
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(start.getUTCDate(), last));
  target.setUTCHours(start.getUTCHours(), start.getUTCMinutes(), start.getUTCSeconds(), start.getUTCMilliseconds());
  return target;
}

/** The k-th wave time (k = 0 is `startsAt`). Months and quarters are counted on the UTC calendar from the start. */
export function occurrence(s: ProgrammeSchedule, k: number): Date {
  switch (s.unit) {
    case 'day':
      return new Date(s.startsAt.getTime() + k * s.every * DAY);
    case 'week':
      return new Date(s.startsAt.getTime() + k * s.every * 7 * DAY);
    case 'month':
      return addMonthsUtc(s.startsAt, k * s.every);
    case 'quarter':
      return addMonthsUtc(s.startsAt, k * s.every * 3);
  }
}

/**
 * The index of the latest wave time at or before `now` (-1 before the start). The wave key of a scheduled wave is
 * this index, so every node that ticks in the same period names the same wave.
 */
export function periodAt(s: ProgrammeSchedule, now: Date): number {
  const t = now.getTime();
  if (t < s.startsAt.getTime()) return -1;
  let k: number;
  if (s.unit === 'day' || s.unit === 'week') {
    k = Math.floor((t - s.startsAt.getTime()) / ((s.unit === 'week' ? 7 : 1) * s.every * DAY));
  } else {
    const months =
      (now.getUTCFullYear() - s.startsAt.getUTCFullYear()) * 12 + now.getUTCMonth() - s.startsAt.getUTCMonth();
    k = Math.floor(months / (s.every * (s.unit === 'quarter' ? 3 : 1)));
  }
  // The estimate is off by at most one either way (day-of-month, time of day): settle it on the real times.
  while (k > 0 && occurrence(s, k).getTime() > t) k--;
  while (occurrence(s, k + 1).getTime() <= t) k++;
  return k;
}

/** The first wave time strictly after `now`, or null when it would be at or after `endsAt`. */
export function nextRunAfter(s: ProgrammeSchedule, now: Date, endsAt: Date | null): Date | null {
  const next = occurrence(s, periodAt(s, now) + 1);
  return endsAt && next.getTime() >= endsAt.getTime() ? null : next;
}
