import { DashboardOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { DashboardPage } from './DashboardPage.tsx';

export const consoleModule: ConsoleModule = {
  key: 'dashboards',
  order: 5,
  group: 'understand',
  nav: [{ path: '/dashboards', labelKey: 'dashboards:nav', icon: <DashboardOutlined />, ability: 'metrics.read' }],
  routes: [{ path: '/dashboards', element: <DashboardPage /> }],
  i18n: {
    'zh-CN': {
      nav: '体验看板', title: '体验看板', period: '时间范围', d7: '近 7 天', d30: '近 30 天', d90: '近 90 天', vsPrev: '较上期', ranking: '下级单位排名', trend: '趋势（按周）', heatmap: '单位 × 触点（CSAT %）',
      metric: '指标', responses: '回收量', significant: '显著', live: '实时', n: '样本', hidden: '样本不足', gap: '与上级差距', drill: '点击下钻', unit: '单位', drivers: 'NPS 关键驱动因素（重要性 × 表现）', importance: '重要性 %', performance: '表现', target: '目标', ratio: '分子 ÷ 分母', dN: '近 {{n}} 天', allTouchpoints: '全部触点', allCustomers: '全部客户', byTier: '价值等级', bySegment: '客户分群',
      saved: { pick: '已保存的看板', mine: '我的', shared: '团队共享', sharedTag: '已共享', save: '保存视图', share: '共享给全公司（只读）', unshare: '取消共享', shareHint: '共享给本公司所有人（他们只能查看，数据按各自权限范围显示）', overwrite: '覆盖「{{name}}」', deleteConfirm: '删除看板「{{name}}」？', clipped: '此共享看板的单位不在您的权限范围内，已显示您负责的单位。' },
    },
    en: {
      nav: 'Dashboard', title: 'Experience dashboard', period: 'Period', d7: 'Last 7 days', d30: 'Last 30 days', d90: 'Last 90 days', vsPrev: 'vs previous', ranking: 'Ranking of units', trend: 'Trend (weekly)', heatmap: 'Unit × touchpoint (CSAT %)',
      metric: 'Metric', responses: 'Responses', significant: 'significant', live: 'Live', n: 'n', hidden: 'too few responses', gap: 'gap to parent', drill: 'click to drill down', unit: 'Unit', drivers: 'Key drivers of NPS (importance × performance)', importance: 'Importance %', performance: 'Performance', target: 'Target', ratio: 'Numerator ÷ denominator', dN: 'Last {{n}} days', allTouchpoints: 'All touchpoints', allCustomers: 'All customers', byTier: 'Value tier', bySegment: 'Segment',
      saved: { pick: 'Saved dashboards', mine: 'Mine', shared: 'Shared', sharedTag: 'shared', save: 'Save view', share: 'Share with the organisation (read-only)', unshare: 'Stop sharing', shareHint: 'Share with everyone in the organisation (read-only; each sees data for their own scope)', overwrite: 'Overwrite “{{name}}”', deleteConfirm: 'Delete dashboard “{{name}}”?', clipped: 'This shared dashboard’s unit is outside your scope; showing your own unit instead.' },
    },
  },
};
