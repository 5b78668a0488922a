import { MessageOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { FeedbackPage } from './FeedbackPage.tsx';

export const consoleModule: ConsoleModule = {
  key: 'feedback',
  order: 30,
  group: 'listen',
  nav: [{ path: '/feedback', labelKey: 'feedback:nav', icon: <MessageOutlined />, ability: 'responses.read' }],
  routes: [{ path: '/feedback', element: <FeedbackPage /> }],
  i18n: {
    'zh-CN': {
      nav: '外部反馈', title: '外部反馈', allSources: '全部来源', allUnits: '全部单位', search: '搜索内容或作者', add: '新增反馈', import: 'CSV 导入', more: '加载更多',
      src: { social: '社交媒体', forum: '论坛', app_review: '点评/应用评价', call_transcript: '通话记录', other: '其他' }, s: { negative: '负面', neutral: '中性', positive: '正面' },
      analysing: '分析中…', brandWide: '品牌整体', open: '原文', deleteConfirm: '删除这条反馈及其分析结果？', saved: '已保存，正在分析',
      source: '来源', text: '内容', unit: '门店/单位', touchpoint: '触点', channel: '渠道', author: '作者', rating: '评分', customerRef: '会员号',
      importHelp: '第一行为表头，可用中文表头：来源、渠道、链接、作者、内容、评分、门店（编码）、触点、会员号、编号、时间。先试运行（不会写入），确认后再导入；有问题的行会逐行列出并跳过。',
      chooseFile: '选择 CSV 文件', paste: '或粘贴 CSV 内容', dryRun: '试运行', apply: '导入', dryRunDone: '试运行完成：未写入任何数据', importDone: '导入完成',
      rows: '数据行', wouldImport: '将导入', imported: '已导入', duplicates: '重复（已跳过）', errors: '错误', row: '行', field: '字段', reason: '原因',
    },
    en: {
      nav: 'Feedback', title: 'Feedback items', allSources: 'All sources', allUnits: 'All units', search: 'Search text or author', add: 'Add feedback', import: 'Import CSV', more: 'Load more',
      src: { social: 'Social', forum: 'Forum', app_review: 'Review', call_transcript: 'Call transcript', other: 'Other' }, s: { negative: 'Negative', neutral: 'Neutral', positive: 'Positive' },
      analysing: 'Analysing…', brandWide: 'Brand-wide', open: 'Open', deleteConfirm: 'Delete this item and its analysis?', saved: 'Saved; analysing',
      source: 'Source', text: 'Text', unit: 'Unit', touchpoint: 'Touchpoint', channel: 'Channel', author: 'Author', rating: 'Rating', customerRef: 'Member id',
      importHelp: 'First row is the header (source, channel, url, author, text, rating, org_unit (code), touchpoint, customer_ref, external_id, occurred_at; Chinese headers work too). Dry-run first (nothing is stored), then import; bad rows are listed and skipped.',
      chooseFile: 'Choose a CSV file', paste: 'or paste CSV here', dryRun: 'Dry run', apply: 'Import', dryRunDone: 'Dry run: nothing was stored', importDone: 'Imported',
      rows: 'Rows', wouldImport: 'Would import', imported: 'Imported', duplicates: 'Duplicates (skipped)', errors: 'Errors', row: 'Row', field: 'Field', reason: 'Reason',
    },
  },
};
