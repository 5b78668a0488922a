/**
 * Durations as a CX team reads them: "23 小时 58 分" / "23 h 58 min" rather than "1438 分钟", days from two days on.
 * (A ticket's SLA line is `tickets/present.ts` `slaLine`.)
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
