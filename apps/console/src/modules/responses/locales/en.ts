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
  exportOptions: 'Export options',
  export: {
    keys: 'Question keys',
    keys_row: 'Second header row',
    keys_header: 'After the title [key]',
    keys_none: 'Leave out',
    values: 'Choices',
    values_labels: 'Labels',
    values_values: 'Stored values',
    values_both: 'Labels and values (two columns)',
    multi: 'Multi-select',
    multi_join: 'One column, joined with "; "',
    multi_split: 'One column per choice (1/0)',
  },
  channels: { qr: 'QR code', personal: 'Personal link', link: 'Public link', api: 'API' },
};
