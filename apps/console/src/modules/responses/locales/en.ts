import type { Shape } from '../../../lib/locale.ts';
import type { zhCN } from './zh-CN.ts';

/** English strings of the responses module: the type checker refuses a key missing here or absent from zh-CN. */
export const en: Shape<typeof zhCN> = {
  nav: 'Responses',
  title: 'Responses',
  survey: 'Survey',
  unit: 'Unit',
  touchpoint: 'Touchpoint',
  score: 'Score',
  text: 'Text contains',
  time: 'Submitted',
  comment: 'Text',
  more: 'Load more',
  channel: 'Channel',
  customer: 'Customer',
  context: 'Context',
};
