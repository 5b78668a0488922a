import type { Shape } from '../../../lib/locale.ts';
import type { zhCN } from './zh-CN.ts';

/** English strings of the users module: the type checker refuses a key missing here or absent from zh-CN. */
export const en: Shape<typeof zhCN> = {
  nav: 'Users & roles',
  title: 'Users & roles',
  new: 'New user',
  search: 'Search name or email',
  name: 'Name',
  email: 'Email',
  role: 'Role',
  unit: 'Unit',
  unitHelp: 'Scope = this unit and everything under it',
  teams: 'Teams',
  locale: 'Console language',
  disable: 'Disable',
  disableConfirm: 'Disable “{{name}}”? Their sessions end at once.',
  passwordNew: 'Initial password (blank: generate one)',
  passwordReset: 'Reset password (blank: unchanged)',
  generatedTitle: 'Generated password',
  generatedOnce: 'Shown only once: copy it and hand it to the user securely.',
};
