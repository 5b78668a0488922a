import { periodsOfDay } from '@loopcx/shared';

/** The period keys a picker offers around today: this and last year, their quarters and months (newest first). */
export function periodOptions(today: string): string[] {
  const year = Number(today.slice(0, 4));
  const out: string[] = [];
  for (const y of [year + 1, year, year - 1]) {
    out.push(String(y));
    for (let q = 4; q >= 1; q--) {
      out.push(`${y}-Q${q}`);
      for (let m = q * 3; m > q * 3 - 3; m--) out.push(`${y}-${String(m).padStart(2, '0')}`);
    }
  }
  return out;
}

/** This month's key ('2026-12') in the tenant's calendar. */
export const currentMonth = (today: string) => periodsOfDay(today).month;

/** A period key as a reader says it: 2026-12 → 2026年12月 / Dec 2026; 2026-Q4 → 2026 Q4. */
export function periodLabel(key: string, language: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) {
    return language === 'en'
      ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)).toLocaleString('en-US', {
          month: 'short',
          year: 'numeric',
          timeZone: 'UTC',
        })
      : `${m[1]}年${Number(m[2])}月`;
  }
  const q = /^(\d{4})-Q([1-4])$/.exec(key);
  if (q) return language === 'en' ? `Q${q[2]} ${q[1]}` : `${q[1]}年第${q[2]}季度`;
  return language === 'en' ? key : `${key}年`;
}
