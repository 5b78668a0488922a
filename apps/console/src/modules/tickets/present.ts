import { dayIn } from '@loopcx/shared';
import type { TFunction } from 'i18next';
import type { Ticket } from './api.ts';

/** The unit's name in the reader's language (English name when there is one), else its code. */
export function unitName(t: Pick<Ticket, 'orgUnit'>, lang: string): string {
  const u = t.orgUnit;
  if (!u) return '';
  return (lang === 'en' ? u.nameEn || u.name : u.name) ?? u.code;
}

/** `NPS 3 · CSAT 2`: the scores that opened the ticket (metric acronyms read the same in both languages). */
export function scoreText(t: Pick<Ticket, 'scores'>): string {
  return ['nps', 'csat', 'ces']
    .filter((k) => t.scores?.[k] !== undefined)
    .map((k) => `${k.toUpperCase()} ${t.scores[k]}`)
    .join(' · ');
}

/**
 * A ticket's title in the reader's language. Tickets an alert opened on a response are composed from their
 * structured fields ("低分预警 · 上海人民广场店 · NPS 3" / "Low score · Shanghai People's Square · NPS 3"), so a
 * card never shows the rule's stored name with raw score keys; tickets opened by hand keep the title people gave.
 */
export function ticketTitle(t: Ticket, tr: TFunction, lang: string): string {
  if (t.source !== 'response' || !scoreText(t)) return t.title;
  return tr('tickets:composedTitle', { store: unitName(t, lang), scores: scoreText(t) });
}

/** "23 小时 58 分" / "23 h 58 min": a duration in minutes, days from 48 hours on. */
export function duration(minutes: number, tr: TFunction): string {
  const m = Math.max(0, Math.round(Math.abs(minutes)));
  if (m >= 48 * 60) return tr('tickets:dur.days', { d: Math.floor(m / 1440), h: Math.floor((m % 1440) / 60) });
  if (m >= 60) return tr('tickets:dur.hours', { h: Math.floor(m / 60), m: m % 60 });
  return tr('tickets:dur.minutes', { m });
}

/** A due time as people read it on a phone: today/tomorrow's time, else the date and time. */
export function dueClock(iso: string, now: Date, lang: string, timeZone?: string): string {
  const d = new Date(iso);
  // The tenant's clock, not the browser's: a Shanghai chain's SLA reads in Shanghai time wherever it is opened.
  const tz = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const sameDay = dayIn(tz, d) === dayIn(tz, now);
  const locale = lang === 'en' ? 'en-GB' : 'zh-CN';
  const time = d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', timeZone: tz });
  return sameDay ? time : `${d.toLocaleDateString(locale, { month: '2-digit', day: '2-digit', timeZone: tz })} ${time}`;
}

/**
 * The SLA line of a ticket: "还剩 3 小时 5 分 · 14:30 到期", "已超时 2 小时 · 应于 12-05 14:30 完成", or when it was
 * resolved; clock times in `timeZone` (the tenant's; the browser's when not given).
 */
export function slaLine(
  t: Ticket,
  tr: TFunction,
  lang: string,
  timeZone?: string,
  now = new Date(),
): { text: string; overdue: boolean } {
  if (t.resolvedAt && ['resolved', 'closed'].includes(t.status))
    return { text: tr('tickets:resolvedAt', { at: dueClock(t.resolvedAt, now, lang, timeZone) }), overdue: false };
  if (!t.dueAt || t.slaRemainingMinutes === null) return { text: '—', overdue: false };
  const at = dueClock(t.dueAt, now, lang, timeZone);
  return t.overdue
    ? { text: tr('tickets:overdueSince', { d: duration(-t.slaRemainingMinutes, tr), at }), overdue: true }
    : { text: tr('tickets:dueIn', { d: duration(t.slaRemainingMinutes, tr), at }), overdue: false };
}

/** The root cause in the reader's language. */
export function rootCauseName(t: Pick<Ticket, 'rootCause'>, lang: string): string | null {
  if (!t.rootCause) return null;
  return lang === 'en' && t.rootCause.nameEn ? t.rootCause.nameEn : t.rootCause.name;
}

/** Status colours shared by cards, the table and the detail page. */
export const STATUS_COLOR: Record<string, string> = {
  new: 'blue',
  acknowledged: 'cyan',
  in_progress: 'gold',
  resolved: 'green',
  closed: 'default',
  reopened: 'magenta',
};
