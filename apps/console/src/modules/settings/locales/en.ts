import type { Shape } from '../../../lib/locale.ts';
import type { zhCN } from './zh-CN.ts';

/** English strings of the settings module: the type checker refuses a key missing here or absent from zh-CN. */
export const en: Shape<typeof zhCN> = {
  nav: 'Organisation settings',
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
  embed: {
    title: 'Sites allowed to embed surveys',
    help: 'The survey page may be shown in a frame (iframe) on these sites. Empty: no site may embed surveys. The console itself can never be framed. A WeChat mini-program web-view opens the survey page itself and needs no entry here: add the loopcx host to the mini-program’s business domains.',
    sites: 'Sites',
    example:
      "Each entry is an https origin (https://shop.example.com, https://*.example.com) or 'self' (loopcx itself). Press Enter or comma to add.",
    none: 'No site allowed',
    invalid: "Not valid: {{sites}}. Use an https origin without a path, or 'self'",
    tooMany: 'At most 20 sites',
  },
  wechat: {
    title: 'WeChat official account (WeChat login on the survey page)',
    help: 'When a survey link is opened inside WeChat, the survey page learns the respondent’s openid through this official account’s silent authorisation (snsapi_base, no consent screen): a WeChat user’s answers join one customer, and a survey can allow one response per WeChat user. Add the loopcx host to the account’s web authorisation domains in the WeChat admin.',
    appId: 'AppID',
    appIdInvalid: 'An AppID is wx followed by 16 letters or digits',
    appSecret: 'AppSecret',
    secretKept: 'Saved; leave blank to keep it',
    secretRequired: 'Enter the AppSecret the first time',
    oauth: 'Learn the openid when a survey is opened in WeChat',
    oauthHelp: 'Off: the survey page never redirects to WeChat.',
    remove: 'Remove account',
    removeConfirm: 'The survey page will stop learning openids. Remove the account?',
    removed: 'Removed',
  },
};
