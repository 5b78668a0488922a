/**
 * Report periods (issue 19): an ISO week `2026-W49`, a month `2026-12` or a quarter `2026-Q4`, as tenant-local days
 * [from, to) and the period before it. Shared so the console names the same periods the server renders.
 */
export const REPORT_EVERY = ['week', 'month', 'quarter'] as const;
export type TReportEvery = (typeof REPORT_EVERY)[number];

export interface ReportPeriod {
  key: string;
  kind: TReportEvery;
  /** First day (YYYY-MM-DD). */
  from: string;
  /** First day after the period (exclusive). */
  to: string;
  previous: { key: string; from: string; to: string };
}

const DAY = 86_400_000;
const ymd = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Monday of ISO week 1 of `year` (the week holding 4 January), as UTC ms. */
function isoWeekOne(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY;
}

/** The ISO week key (`2026-W49`) of a UTC day. */
export function isoWeekKey(t: number): string {
  const day = Math.floor(t / DAY) * DAY;
  const thursday = day + (3 - ((new Date(day).getUTCDay() + 6) % 7)) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - isoWeekOne(year)) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function bounds(key: string): { kind: TReportEvery; from: number; to: number } | undefined {
  let m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (m) {
    const year = Number(m[1]);
    const week = Number(m[2]);
    const from = isoWeekOne(year) + (week - 1) * 7 * DAY;
    if (week < 1 || isoWeekKey(from) !== key) return undefined;
    return { kind: 'week', from, to: from + 7 * DAY };
  }
  m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return undefined;
    return { kind: 'month', from: Date.UTC(Number(m[1]), month - 1, 1), to: Date.UTC(Number(m[1]), month, 1) };
  }
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) {
    const q = Number(m[2]);
    return { kind: 'quarter', from: Date.UTC(Number(m[1]), (q - 1) * 3, 1), to: Date.UTC(Number(m[1]), q * 3, 1) };
  }
  return undefined;
}

/** The key of the period of `kind` holding a UTC day. */
export function periodKeyOf(kind: TReportEvery, t: number): string {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  if (kind === 'week') return isoWeekKey(t);
  if (kind === 'month') return `${y}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  return `${y}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

/** Parses a period key (years 2000–2099); undefined when it is not one. */
export function parseReportPeriod(key: string): ReportPeriod | undefined {
  if (typeof key !== 'string' || key.length > 8 || !/^20\d\d-/.test(key)) return undefined;
  const b = bounds(key);
  if (!b) return undefined;
  const prevKey = periodKeyOf(b.kind, b.from - DAY);
  const p = bounds(prevKey)!;
  return {
    key,
    kind: b.kind,
    from: ymd(b.from),
    to: ymd(b.to),
    previous: { key: prevKey, from: ymd(p.from), to: ymd(p.to) },
  };
}

/** The last period of `kind` that ended on or before `today` (YYYY-MM-DD, tenant-local): what a schedule sends. */
export function lastCompletedPeriod(kind: TReportEvery, today: string): string {
  const t = Date.parse(`${today}T00:00:00Z`);
  const current = parseReportPeriod(periodKeyOf(kind, t))!;
  return current.previous.key;
}
