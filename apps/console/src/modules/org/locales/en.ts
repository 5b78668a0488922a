import type { Shape } from '../../../lib/locale.ts';
import type { zhCN } from './zh-CN.ts';

/** English strings of the org module: the type checker refuses a key missing here or absent from zh-CN. */
export const en: Shape<typeof zhCN> = {
  nav: 'Org structure',
  title: 'Org structure',
  addChild: 'Add child',
  addRoot: 'Add unit',
  move: 'Move',
  moveTo: 'Move to',
  archive: 'Archive',
  restore: 'Restore',
  showArchived: 'Show archived',
  searchPlaceholder: 'Search by name or code',
  archiveConfirm: 'Archive “{{name}}” and all units under it?',
  import: 'Import CSV',
  importHelp:
    'Two layouts: parent-child (code,name,kind,parent_code,name_en) and levels (region_code,region_name,city_code,city_name,store_code,store_name). Chinese headers (编码, 名称, 类型, 上级编码…) work too.',
  paste: 'Paste CSV text, or choose a file',
  chooseFile: 'Choose file',
  dryRun: 'Dry run',
  apply: 'Import',
  report: 'Dry-run report',
  reportDone: 'Import report',
  rows: 'Rows',
  created: 'Created',
  updated: 'Updated',
  unchanged: 'Unchanged',
  errors: 'Errors',
  row: 'Row',
  field: 'Field',
  reason: 'Reason',
  parent: 'Parent unit',
  details: 'Unit details',
  select: 'Select a unit on the left',
  path: 'Path',
  depth: 'Depth',
};
