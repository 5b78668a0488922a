/**
 * Durations and SLA due times as a CX team reads them: "23 小时 58 分" / "23 h 58 min" rather than "1438 分钟",
 * days from two days on, and "逾期 2 小时" / "2 h overdue" once the due time has passed.
 */

const UNITS = {
  'zh-CN': { d: (n: number) => `${n} 天`, h: (n: number) => `${n} 小时`, m: (n: number) => `${n} 分` },
  en: { d: (n: number) => `${n} d`, h: (n: number) => `${n} h`, m: (n: number) => `${n} min` },
} as const;

const langOf = (language: string) => (language === 'en' ? 'en' : 'zh-CN');

/** Whole minutes as at most two units: "2 天 3 小时", "23 小时 58 分", "5 分" (en: "2 d 3 h", "23 h 58 min"). */
export function formatDuration(minutes: number, language: string): string {
  const u = UNITS[langOf(language)];
  const m = Math.max(0, Math.round(Math.abs(minutes)));
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  const mins = m % 60;
  if (days >= 2) return hours ? `${u.d(days)} ${u.h(hours)}` : u.d(days);
  const totalHours = Math.floor(m / 60);
  if (totalHours === 0) return u.m(mins);
  return mins ? `${u.h(totalHours)} ${u.m(mins)}` : u.h(totalHours);
}

/** A due time in the console's time zone, short: today "今天 14:05", else "12-07 14:05" (en "Today 14:05"). */
export function formatDue(dueAt: string | Date, now: Date, language: string, timeZone?: string): string {
  const at = new Date(dueAt);
  const day = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone });
  const time = at.toLocaleTimeString('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  if (day(at) === day(now)) return `${langOf(language) === 'en' ? 'Today' : '今天'} ${time}`;
  const tomorrow = new Date(now.getTime() + 86_400_000);
  if (day(at) === day(tomorrow)) return `${langOf(language) === 'en' ? 'Tomorrow' : '明天'} ${time}`;
  return `${day(at).slice(5)} ${time}`;
}

/**
 * The SLA of an open ticket in words: remaining time and due time ("剩余 23 小时 58 分 · 明天 14:05"), or how long it
 * is overdue ("逾期 2 小时"). `remainingMinutes` is the server's `slaRemainingMinutes` (negative when overdue).
 */
export function formatSla(
  remainingMinutes: number,
  dueAt: string | null,
  now: Date,
  language: string,
  timeZone?: string,
): { text: string; overdue: boolean } {
  const en = langOf(language) === 'en';
  const d = formatDuration(remainingMinutes, language);
  if (remainingMinutes < 0) return { text: en ? `${d} overdue` : `逾期 ${d}`, overdue: true };
  const left = en ? `${d} left` : `剩余 ${d}`;
  return { text: dueAt ? `${left} · ${formatDue(dueAt, now, language, timeZone)}` : left, overdue: false };
}
