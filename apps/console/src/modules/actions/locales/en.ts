import type { Shape } from '../../../lib/locale.ts';
import type { zhCN } from './zh-CN.ts';

/** English strings of the actions module: the type checker refuses a key missing here or absent from zh-CN. */
export const en: Shape<typeof zhCN> = {
  nav: 'Improvement actions',
  title: 'Improvement actions',
  new: 'New action',
  titleCol: 'Action',
  metric: 'Target metric',
  units: 'Units',
  start: 'Start date',
  status: 'Status',
  description: 'Description',
  rootCause: 'Root cause',
  effect: 'Measured effect (difference-in-differences)',
  significant: 'Significant (95 % CI excludes 0)',
  notYet: 'Not significant yet ({{days}} days in); keep watching',
  treatedBefore: 'Action units · before',
  treatedAfter: 'Action units · after',
  controlBefore: 'Comparison stores · before',
  controlAfter: 'Comparison stores · after',
  method:
    'Effect = (action units after − before) − (comparison stores after − before); comparison = stores of the same kind outside the scope, equal windows before and after.',
};
