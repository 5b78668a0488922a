import { ThunderboltOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { EventsPage } from './EventsPage.tsx';

export const consoleModule: ConsoleModule = {
  key: 'events',
  order: 40,
  group: 'listen',
  nav: [{ path: '/events', labelKey: 'events:nav', icon: <ThunderboltOutlined />, ability: 'events.read' }],
  routes: [{ path: '/events', element: <EventsPage /> }],
  i18n: {
    'zh-CN': {
      nav: '运营事件', title: '运营与行为事件', help: '订单、来电、页面浏览、工单关闭等 O 数据：通过 API（POST /api/v1/events/batch，每批最多 5,000 条）、CSV/Excel 导入接入，驱动 CPO 等公式指标。',
      recent: '最近事件', types: '事件类型', import: '导入', type: '类型', time: '发生时间', unit: '单位', customer: '客户', value: '数值', properties: '属性', source: '来源',
      allTypes: '全部类型', period: '时间范围', loadMore: '加载更多', none: '暂无事件', builtin: '内置', custom: '自定义', archived: '已归档', key: '键', name: '名称', nameEn: '英文名称',
      description: '说明', valueLabel: '数值含义', strict: '严格模式（拒绝未声明的属性）', newType: '新建事件类型', edit: '编辑', archive: '归档', restore: '恢复',
      archiveConfirm: '归档「{{key}}」？已有事件保留，新事件将被拒绝。', schema: '属性定义', addProperty: '添加属性', propName: '属性名', propType: '类型', enumValues: '可选值',
      required: '必填', dimension: '汇总维度', dimensionHelp: '布尔或枚举属性可作为维度：公式可按其取值筛选（如 valid = true），由汇总表直接作答。', keyHelp: '小写点分名称，如 loyalty.points_redeemed',
      importHelp: '上传 CSV 或 Excel（.xlsx）。列：type、occurred_at（无时区时按租户时区）、org_unit_code、customer、value、idempotency_key；其他列作为属性，按事件类型声明的类型转换。先试运行检查，再正式导入；错误行会被列出，正确行会保存。',
      chooseFile: '选择文件', dryRun: '试运行', apply: '导入', rows: '行数', created: '新增', duplicates: '重复', invalid: '错误', row: '行', field: '字段', reason: '原因', dryRunNote: '试运行：未写入任何数据',
      builtinReadOnly: '内置类型只读', customerPh: '会员号，如 M-10234',
    },
    en: {
      nav: 'Events', title: 'Operational & behaviour events', help: 'O data such as orders, inbound calls, page views and closed tickets: sent through the API (POST /api/v1/events/batch, up to 5,000 per request) or imported from CSV/Excel; they feed formula metrics such as CPO.',
      recent: 'Recent events', types: 'Event types', import: 'Import', type: 'Type', time: 'Occurred', unit: 'Unit', customer: 'Customer', value: 'Value', properties: 'Properties', source: 'Source',
      allTypes: 'All types', period: 'Period', loadMore: 'Load more', none: 'No events yet', builtin: 'Built-in', custom: 'Custom', archived: 'Archived', key: 'Key', name: 'Name', nameEn: 'English name',
      description: 'Description', valueLabel: 'Value means', strict: 'Strict (reject undeclared properties)', newType: 'New event type', edit: 'Edit', archive: 'Archive', restore: 'Restore',
      archiveConfirm: 'Archive “{{key}}”? Existing events stay; new ones are refused.', schema: 'Properties', addProperty: 'Add property', propName: 'Name', propType: 'Type', enumValues: 'Allowed values',
      required: 'Required', dimension: 'Dimension', dimensionHelp: 'Boolean or enum properties can be dimensions: formulas can filter on their values (e.g. valid = true), answered from rollups.', keyHelp: 'Lower-case dotted name, e.g. loyalty.points_redeemed',
      importHelp: 'Upload a CSV or Excel (.xlsx) file. Columns: type, occurred_at (tenant time zone when none is given), org_unit_code, customer, value, idempotency_key; any other column is a property, converted to the type its event type declares. Dry-run first; bad rows are listed and good rows are kept.',
      chooseFile: 'Choose file', dryRun: 'Dry run', apply: 'Import', rows: 'Rows', created: 'Created', duplicates: 'Duplicates', invalid: 'Errors', row: 'Row', field: 'Field', reason: 'Reason', dryRunNote: 'Dry run: nothing was written',
      builtinReadOnly: 'Built-in types are read-only', customerPh: 'Member id, e.g. M-10234',
    },
  },
};
