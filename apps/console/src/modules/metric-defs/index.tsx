import { FunctionOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { MetricDefinitionsPage } from './MetricDefinitionsPage.tsx';

export const consoleModule: ConsoleModule = {
  key: 'metric-defs',
  order: 8,
  group: 'understand',
  nav: [{ path: '/metric-definitions', labelKey: 'metric-defs:nav', icon: <FunctionOutlined />, ability: 'metrics.read' }],
  routes: [{ path: '/metric-definitions', element: <MetricDefinitionsPage /> }],
  i18n: {
    'zh-CN': {
      nav: '指标定义', title: '指标定义', help: '内置体验指标（NPS、CSAT、CES、评分均值、回收量、回复率）与自定义公式指标。公式可组合事件与问卷指标，例如 CPO = 来电数 ÷ 有效订单数。',
      new: '新建公式指标', key: '键', name: '名称', nameEn: '英文名称', description: '说明', formula: '公式', format: '显示格式', decimals: '小数位', direction: '方向', target: '目标值', minN: '最小样本量',
      higher: '越高越好', lower: '越低越好', builtin: '内置', archived: '已归档', active: '启用', edit: '编辑', archive: '归档', restore: '恢复', archiveConfirm: '归档「{{key}}」？看板和规则将无法再使用它。',
      preview: '预览（近 30 天，您的管辖范围）', value: '值', numerator: '分子', denominator: '分母', n: '样本', hidden: '样本不足，数值已隐藏', valid: '公式有效', keyHelp: '小写字母、数字和下划线，如 cpo',
      formulaHelp: "count('事件类型' where properties.维度 = 值)、sum(…)、distinct_customers(…)、nps、csat、ces、responses、rating('题目')、invitations、invited_responses，以及 + − × ÷ 和括号。",
      formats: { number: '数值', percent: '百分比', ratio: '比率', currency: '金额' },
    },
    en: {
      nav: 'Metric definitions', title: 'Metric definitions', help: 'Built-in experience metrics (NPS, CSAT, CES, mean rating, responses, response rate) and your own formula metrics, which combine event and survey aggregates, e.g. CPO = inbound calls ÷ valid orders.',
      new: 'New formula metric', key: 'Key', name: 'Name', nameEn: 'English name', description: 'Description', formula: 'Formula', format: 'Format', decimals: 'Decimals', direction: 'Direction', target: 'Target', minN: 'Minimum n',
      higher: 'Higher is better', lower: 'Lower is better', builtin: 'Built-in', archived: 'Archived', active: 'Active', edit: 'Edit', archive: 'Archive', restore: 'Restore', archiveConfirm: 'Archive “{{key}}”? Dashboards and rules can no longer use it.',
      preview: 'Preview (last 30 days, your scope)', value: 'Value', numerator: 'Numerator', denominator: 'Denominator', n: 'n', hidden: 'Too few observations: value hidden', valid: 'Formula is valid', keyHelp: 'Lower-case letters, digits and _, e.g. cpo',
      formulaHelp: "count('event.type' where properties.dimension = value), sum(…), distinct_customers(…), nps, csat, ces, responses, rating('question'), invitations, invited_responses, + − × ÷ and parentheses.",
      formats: { number: 'Number', percent: 'Percent', ratio: 'Ratio', currency: 'Currency' },
    },
  },
};
