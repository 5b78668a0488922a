import { NodeIndexOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { JourneyEditor } from './JourneyEditor.tsx';
import { JourneyMapPage } from './JourneyMapPage.tsx';

export const consoleModule: ConsoleModule = {
  key: 'journeys',
  order: 7,
  group: 'understand',
  nav: [{ path: '/journeys', labelKey: 'journeys:nav', icon: <NodeIndexOutlined />, ability: 'metrics.read' }],
  routes: [
    { path: '/journeys', element: <JourneyMapPage /> },
    { path: '/journeys/edit', element: <JourneyEditor /> },
  ],
  i18n: {
    'zh-CN': {
      nav: '旅程地图', mapTitle: '客户旅程地图', journey: '旅程', edit: '编辑旅程', none: '还没有旅程', d7: '近 7 天', d30: '近 30 天', d90: '近 90 天',
      legend: '颜色表示与目标的差距：绿 = 达标，黄 = 略低，红 = 明显低于目标，灰 = 无目标或样本不足；点击触点查看其看板',
      tooFew: '样本不足', noPrevious: '上期无数据', vsPrevious: '较上期', significant: '显著', target: '目标', noTarget: '未设目标', gap: '差距', negative: '负面评论', owner: '负责团队', noTouchpoints: '暂无触点',
      channel: { physical: '实体', digital: '数字', interpersonal: '人际' }, channelLabel: '渠道类型',
      editorTitle: '旅程编辑', backToMap: '返回地图', newJourney: '新建旅程', renameJourney: '修改旅程', archive: '归档', restore: '恢复', restoreJourney: '恢复此旅程？', archiveJourneyConfirm: '归档此旅程？触点和历史数据会保留。',
      moveLeft: '左移', moveRight: '右移', renameStage: '重命名阶段', deleteStage: '删除此阶段？', deleteStageMove: '此阶段有 {{n}} 个触点，请选择要移入的阶段', moveTo: '移入阶段',
      addStage: '添加阶段', addTouchpoint: '添加触点', links: '关联', surveysShort: '份问卷', description: '说明',
      modal: { journey: '修改旅程', newJourney: '新建旅程', stage: '重命名阶段', newStage: '添加阶段' },
      newTouchpoint: '新建触点', editTouchpoint: '编辑触点', archiveConfirm: '归档此触点？历史答卷仍保留。', stage: '所属阶段', noStage: '不属于任何旅程', primaryMetric: '主指标',
      teams: '团队', users: '用户', raci: { responsible: 'R 负责执行', accountable: 'A 最终负责（一人/一团队）', consulted: 'C 咨询', informed: 'I 知会' },
      linkSurveys: '关联问卷', linkMetrics: '关联指标', linkEvents: '关联事件类型',
    },
    en: {
      nav: 'Journey map', mapTitle: 'Customer journey map', journey: 'Journey', edit: 'Edit journey', none: 'No journeys yet', d7: 'Last 7 days', d30: 'Last 30 days', d90: 'Last 90 days',
      legend: 'Colour shows the gap to target: green = on target, amber = slightly below, red = well below, grey = no target or too few responses; click a touchpoint for its dashboard',
      tooFew: 'too few', noPrevious: 'no data in the previous period', vsPrevious: 'vs previous', significant: 'significant', target: 'Target', noTarget: 'no target', gap: 'gap', negative: 'Negative comments', owner: 'Owner', noTouchpoints: 'No touchpoints',
      channel: { physical: 'Physical', digital: 'Digital', interpersonal: 'Interpersonal' }, channelLabel: 'Channel',
      editorTitle: 'Journey editor', backToMap: 'Back to map', newJourney: 'New journey', renameJourney: 'Edit journey', archive: 'Archive', restore: 'Restore', restoreJourney: 'Restore this journey?', archiveJourneyConfirm: 'Archive this journey? Touchpoints and history are kept.',
      moveLeft: 'Move left', moveRight: 'Move right', renameStage: 'Rename stage', deleteStage: 'Delete this stage?', deleteStageMove: 'This stage has {{n}} touchpoint(s); choose where to move them', moveTo: 'Move to stage',
      addStage: 'Add stage', addTouchpoint: 'Add touchpoint', links: 'Links', surveysShort: 'survey(s)', description: 'Description',
      modal: { journey: 'Edit journey', newJourney: 'New journey', stage: 'Rename stage', newStage: 'Add stage' },
      newTouchpoint: 'New touchpoint', editTouchpoint: 'Edit touchpoint', archiveConfirm: 'Archive this touchpoint? Its responses are kept.', stage: 'Stage', noStage: 'Outside any journey', primaryMetric: 'Primary metric',
      teams: 'Teams', users: 'Users', raci: { responsible: 'R Responsible', accountable: 'A Accountable (one)', consulted: 'C Consulted', informed: 'I Informed' },
      linkSurveys: 'Linked surveys', linkMetrics: 'Linked metrics', linkEvents: 'Linked event types',
    },
  },
};
