import type { Shape } from '../../../lib/locale.ts';
import type { zhCN } from './zh-CN.ts';

/** English strings of the teams module: the type checker refuses a key missing here or absent from zh-CN. */
export const en: Shape<typeof zhCN> = {
  nav: 'Teams',
  title: 'Teams (functional owners)',
  new: 'New team',
  members: 'Members',
  description: 'Description',
  deleteConfirm: 'Delete team “{{name}}”?',
};
