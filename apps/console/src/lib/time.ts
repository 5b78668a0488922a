import { addDays, dayIn, lastDays, startOfDay, type TDayRange } from '@loopcx/shared';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from './me.tsx';

/** Dates as the console shows and asks for them: in the tenant's time zone (see `useTenantTime`). */
export interface TenantTime {
  /** The tenant's IANA zone. */
  tz: string;
  /** Today in the tenant's zone (`YYYY-MM-DD`). */
  today(): string;
  /** The last `days` tenant days including today, `to` exclusive (metric queries). */
  lastDays(days: number): TDayRange;
  /** The instant (ISO) a tenant day starts; `endOf` is the start of the next day (for exclusive `to` filters). */
  startOf(day: string): string;
  endOf(day: string): string;
  /** An instant as date and time, or as a date, on the tenant's wall clock in the UI language. */
  dateTime(instant: string | number | Date): string;
  date(instant: string | number | Date): string;
}

/**
 * The tenant's calendar, whatever zone the browser is in: a console in Europe looking at a Shanghai tenant, or a
 * UTC mix-up such as `new Date().toISOString().slice(0, 10)` (which ended the dashboard's range "yesterday"
 * between 00:00 and 08:00 Beijing time), both count the tenant's days. Date pickers give calendar days
 * (`dayjs.format('YYYY-MM-DD')`), which `startOf`/`endOf` turn into the tenant's instants.
 */
export function useTenantTime(): TenantTime {
  const me = useMe();
  const { i18n } = useTranslation();
  const tz = me.tenant.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const locale = i18n.language === 'en' ? 'en-US' : 'zh-CN';
  return useMemo(() => {
    const dt = new Intl.DateTimeFormat(locale, { timeZone: tz, dateStyle: 'medium', timeStyle: 'short' });
    const d = new Intl.DateTimeFormat(locale, { timeZone: tz, dateStyle: 'medium' });
    return {
      tz,
      today: () => dayIn(tz, Date.now()),
      lastDays: (days) => lastDays(tz, days, Date.now()),
      startOf: (day) => startOfDay(tz, day).toISOString(),
      endOf: (day) => startOfDay(tz, addDays(day, 1)).toISOString(),
      dateTime: (instant) => dt.format(new Date(instant)),
      date: (instant) => d.format(new Date(instant)),
    };
  }, [tz, locale]);
}
