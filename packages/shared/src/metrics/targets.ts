/**
 * Target periods and the "at risk" rule. A period is a year ('2026'), a quarter ('2026-Q4') or a month
 * ('2026-12'); days are tenant-local YYYY-MM-DD, ranges half-open [from, to).
 */

export type TargetPeriodKind = 'year' | 'quarter' | 'month';

export interface TargetPeriod {
  key: string;
  kind: TargetPeriodKind;
  year: number;
  /** First day of the period. */
  from: string;
  /** First day after the period. */
  to: string;
}

export const TARGET_PERIOD_PATTERN = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$/;

const pad = (n: number) => String(n).padStart(2, '0');
const firstOfMonth = (year: number, month: number) =>
  month > 12 ? `${year + 1}-${pad(month - 12)}-01` : `${year}-${pad(month)}-01`;

/** Parses a period key; undefined when malformed (years 2000–2100 only). */
export function parseTargetPeriod(key: string): TargetPeriod | undefined {
  const m = TARGET_PERIOD_PATTERN.exec(key);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) return undefined;
  if (m[2]) {
    const month = Number(m[2]);
    return { key, kind: 'month', year, from: firstOfMonth(year, month), to: firstOfMonth(year, month + 1) };
  }
  if (m[3]) {
    const q = Number(m[3]);
    return { key, kind: 'quarter', year, from: firstOfMonth(year, q * 3 - 2), to: firstOfMonth(year, q * 3 + 1) };
  }
  return { key, kind: 'year', year, from: `${year}-01-01`, to: `${year + 1}-01-01` };
}

/**
 * The periods whose targets apply to `period`, finest first: a month is governed by its own target, else its
 * quarter's, else its year's; a quarter by itself, else its year; a year by itself. A month target never sets a
 * quarter's (a quarter is not the sum of its months for a score).
 */
export function governingPeriods(period: TargetPeriod): string[] {
  if (period.kind === 'year') return [period.key];
  if (period.kind === 'quarter') return [period.key, String(period.year)];
  const month = Number(period.key.slice(5, 7));
  return [period.key, `${period.year}-Q${Math.ceil(month / 3)}`, String(period.year)];
}

/** The month, quarter and year keys containing a tenant-local day. */
export function periodsOfDay(day: string): { month: string; quarter: string; year: string } {
  const month = Number(day.slice(5, 7));
  return { month: day.slice(0, 7), quarter: `${day.slice(0, 4)}-Q${Math.ceil(month / 3)}`, year: day.slice(0, 4) };
}

export const TARGET_STATUSES = ['met', 'at_risk', 'uncertain', 'no_data'] as const;
export type TTargetStatus = (typeof TARGET_STATUSES)[number];

/**
 * Where a metric stands against its target, from the 95 % confidence interval of the period so far:
 * - higher is better: `at_risk` when the CI's upper bound is below the target (the target is unlikely to be met),
 *   `met` when its lower bound is at or above it;
 * - lower is better: mirrored (`at_risk` when the lower bound is above the target, `met` when the upper bound is at
 *   or below it);
 * - otherwise `uncertain` (on track or not, the data cannot tell yet). No value (no data, or below the metric's
 *   minimum n) is `no_data`. A value without a CI (counts) is `met` once it reaches the target, else `uncertain`.
 */
export function targetStatus(
  value: number | null,
  ci: [number, number] | null,
  target: number,
  direction: 'higher' | 'lower' = 'higher',
): TTargetStatus {
  if (value === null) return 'no_data';
  if (!ci) {
    const reached = direction === 'higher' ? value >= target : value <= target;
    return reached ? 'met' : 'uncertain';
  }
  const [lo, hi] = ci;
  if (direction === 'higher') return hi < target ? 'at_risk' : lo >= target ? 'met' : 'uncertain';
  return lo > target ? 'at_risk' : hi <= target ? 'met' : 'uncertain';
}
