import type { Shape } from '../../../lib/locale.ts';
import type { zhCN } from './zh-CN.ts';

/** English strings of the settings module: the type checker refuses a key missing here or absent from zh-CN. */
export const en: Shape<typeof zhCN> = {
  nav: 'Organisation',
  title: 'Organisation settings',
  name: 'Organisation name',
  nameRequired: 'Enter the organisation name',
  defaultLocale: 'Default language',
  timezone: 'Time zone',
  timezoneRequired: 'Choose a time zone',
  localNow: 'It is now {{time}} in this zone',
  timezoneHelp:
    "Everything counted by day uses this zone's calendar days: dashboard and metric periods, “today” and “last 30 days”, date filters and times in exports. After a change, new responses are counted on the new zone's days; days already counted stay as they are.",
  saved: 'Saved',
};
