/**
 * Calendar days in a tenant's time zone. Rollups, metric periods, date pickers and exports count the tenant's days
 * (an IANA zone per tenant, `tenants.timezone`); a day is a `YYYY-MM-DD` string and a period is `[from, to)`.
 * The server and the console use these same functions, so "today" is the same day on both ends whatever zone the
 * server process or the browser runs in (a console in UTC showing a Shanghai tenant once ended its range
 * "yesterday" between 00:00 and 08:00 Beijing time).
 * No zod here: the console's first load takes these helpers, and zod stays out of it (`ZTimeZone` is in
 * time-zone.ts).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/**
 * Whether `tz` is an IANA time zone name both ends understand (`Asia/Shanghai`, `Europe/Berlin`, `UTC`). Offsets
 * such as `+08:00` and POSIX strings are refused: an offset has no daylight-saving rules and PostgreSQL reads
 * POSIX offsets with the opposite sign.
 */
export function isTimeZone(tz: string): boolean {
  if (tz.length > 64 || !/^(?:UTC|[A-Za-z][A-Za-z_-]*(?:\/[A-Za-z0-9_+-]+){1,2})$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in `tz`. */
function wallClock(tz: string, t: number) {
  const p: Record<string, number> = {};
  for (const x of partsFormatter(tz).formatToParts(new Date(t))) if (x.type !== 'literal') p[x.type] = Number(x.value);
  return { y: p.year, m: p.month, d: p.day, h: p.hour, min: p.minute, s: p.second };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The tenant-local calendar day (`YYYY-MM-DD`) of an instant. 2026-12-05T18:30Z in Asia/Shanghai is 2026-12-06. */
export function dayIn(tz: string, instant: Date | number): string {
  const w = wallClock(tz, typeof instant === 'number' ? instant : instant.getTime());
  return `${pad(w.y, 4)}-${pad(w.m)}-${pad(w.d)}`;
}

/** A day `n` days after `day` (calendar arithmetic: no time zone involved). */
export function addDays(day: string, n: number): string {
  const t = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** The zone's offset from UTC in milliseconds at an instant (Asia/Shanghai: +8 h). */
function offsetAt(tz: string, t: number): number {
  const w = wallClock(tz, t);
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s) - Math.floor(t / 1000) * 1000;
}

/**
 * The instant a tenant day starts (its local midnight; the first instant of the day when a daylight-saving jump
 * skips midnight). `startOfDay('Asia/Shanghai', '2026-12-06')` is 2026-12-05T16:00:00Z.
 */
export function startOfDay(tz: string, day: string): Date {
  const key = `${tz}|${day}`;
  const known = dayStarts.get(key);
  if (known !== undefined) return new Date(known);
  const t = computeStartOfDay(tz, day);
  // Imports and metric ranges ask for the same few days over and over (Intl's formatToParts is the slow part).
  if (dayStarts.size >= 10_000) dayStarts.clear();
  dayStarts.set(key, t);
  return new Date(t);
}

/** Start instants already computed, by `zone|day` (a zone's rules do not change while the process runs). */
const dayStarts = new Map<string, number>();

function computeStartOfDay(tz: string, day: string): number {
  const local = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
  let t = local - offsetAt(tz, local);
  // Twice: the offset at the first guess may differ from the offset at the answer across a transition.
  t = local - offsetAt(tz, t);
  // A jump that skips midnight (e.g. America/Santiago) lands the answer in the previous day: step to the first hour.
  if (dayIn(tz, t) !== day) t += 3_600_000;
  return t;
}

/** A period of tenant days, `to` exclusive, as metric queries take it. */
export interface TDayRange {
  from: string;
  to: string;
}

/** The last `days` tenant days up to and including today: `{ from: today - (days - 1), to: today + 1 }`. */
export function lastDays(tz: string, days: number, now: Date | number = Date.now()): TDayRange {
  const today = dayIn(tz, now);
  return { from: addDays(today, -(days - 1)), to: addDays(today, 1) };
}

/** A day range as instants `[start of from, start of to)`, for APIs that filter by timestamp. */
export function dayRangeInstants(tz: string, range: TDayRange): { from: Date; to: Date } {
  return { from: startOfDay(tz, range.from), to: startOfDay(tz, range.to) };
}

/**
 * An instant as the tenant's wall-clock time, `YYYY-MM-DD HH:mm:ss` (what an analyst expects in an exported sheet:
 * Excel and WPS read it as a date-time without a zone, so it must already be the tenant's).
 */
export function wallTime(tz: string, instant: Date | number | string): string {
  const t =
    typeof instant === 'string' ? Date.parse(instant) : typeof instant === 'number' ? instant : instant.getTime();
  const w = wallClock(tz, t);
  return `${pad(w.y, 4)}-${pad(w.m)}-${pad(w.d)} ${pad(w.h)}:${pad(w.min)}:${pad(w.s)}`;
}
