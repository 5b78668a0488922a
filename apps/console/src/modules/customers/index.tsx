import { ApartmentOutlined, IdcardOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { CustomerPage } from './CustomerPage.tsx';
import { CustomersPage } from './CustomersPage.tsx';
import { SegmentsPage } from './SegmentsPage.tsx';

const zh = {
  nav: '客户', segmentsNav: '客户分群', title: '客户', search: '会员号 / 手机号 / 邮箱 / 姓名', tag: '标签', tier: '价值等级', segment: '分群', allTiers: '全部等级', allSegments: '全部分群',
  name: '客户', identities: '身份标识', tags: '标签', lastSeen: '最近互动', more: '加载更多', noTier: '未分级', unnamed: '未命名',
  kind: { member: '会员号', phone: '手机', wechat_openid: '微信 openid', email: '邮箱' },
  attributes: '属性', noAttributes: '暂无属性', segments: '所属分群', addTag: '添加标签', ruleTag: '规则标签（由规则自动维护）', merged: '该客户已合并到另一位客户', openSurvivor: '打开合并后的客户',
  timeline: '客户旅程时间线', hidden: '你的角色看不到：{{kinds}}', empty: '暂无记录',
  tl: { response: '问卷', event: '事件', ticket: '工单', feedback: '反馈', order: '订单', call: '来电', score: '评分', nps: { promoter: '推荐者', passive: '被动者', detractor: '贬损者' } },
  merge: '合并客户', mergeHelp: '把另一位客户合并到当前客户（确认是同一个人）：身份、标签和历史记录都会转移过来，当前客户的属性优先。此操作记录在审计日志中。',
  mergeFind: '搜索要合并的客户（会员号/手机号）', mergeConfirm: '合并', mergeDone: '已合并',
  segmentsTitle: '客户分群', newSegment: '新建分群', segmentName: '名称', description: '说明', members: '人数', match: '满足', all: '全部条件', any: '任一条件',
  addCondition: '添加条件', preview: '实时预估：{{count}} / {{total}} 位客户', save: '保存', saved: '已保存', del: '删除', delConfirm: '删除这个分群？（客户不受影响）', viewMembers: '查看成员',
  cond: { attribute: '属性', tag: '标签', tier: '价值等级', identity: '身份标识', npsGroup: '最近一次 NPS', events: '事件次数/金额' },
  op: { eq: '等于', neq: '不等于', gt: '大于', gte: '≥', lt: '小于', lte: '≤', contains: '包含', exists: '存在', missing: '不存在' },
  has: '有', hasNot: '没有', key: '属性名', value: '值', eventType: '事件类型', windowDays: '最近天数', fn: { count: '次数', sum: '金额合计' },
};
const en = {
  nav: 'Customers', segmentsNav: 'Segments', title: 'Customers', search: 'Member id / phone / email / name', tag: 'Tag', tier: 'Tier', segment: 'Segment', allTiers: 'All tiers', allSegments: 'All segments',
  name: 'Customer', identities: 'Identities', tags: 'Tags', lastSeen: 'Last seen', more: 'Load more', noTier: 'No tier', unnamed: 'Unnamed',
  kind: { member: 'Member id', phone: 'Phone', wechat_openid: 'WeChat openid', email: 'Email' },
  attributes: 'Attributes', noAttributes: 'No attributes', segments: 'Segments', addTag: 'Add tag', ruleTag: 'Rule-based tag (kept by its rule)', merged: 'This customer was merged into another one', openSurvivor: 'Open the merged customer',
  timeline: 'Timeline', hidden: 'Hidden for your role: {{kinds}}', empty: 'Nothing yet',
  tl: { response: 'Survey', event: 'Event', ticket: 'Ticket', feedback: 'Feedback', order: 'Order', call: 'Call', score: 'Score', nps: { promoter: 'Promoter', passive: 'Passive', detractor: 'Detractor' } },
  merge: 'Merge customer', mergeHelp: 'Merge another customer into this one (the same person): identities, tags and history move here; this customer’s attributes win. The merge is audited.',
  mergeFind: 'Find the customer to merge (member id / phone)', mergeConfirm: 'Merge', mergeDone: 'Merged',
  segmentsTitle: 'Segments', newSegment: 'New segment', segmentName: 'Name', description: 'Description', members: 'Members', match: 'Match', all: 'all conditions', any: 'any condition',
  addCondition: 'Add condition', preview: 'Live estimate: {{count}} of {{total}} customers', save: 'Save', saved: 'Saved', del: 'Delete', delConfirm: 'Delete this segment? (Customers are untouched.)', viewMembers: 'Members',
  cond: { attribute: 'Attribute', tag: 'Tag', tier: 'Tier', identity: 'Identity', npsGroup: 'Last NPS', events: 'Event count / sum' },
  op: { eq: 'equals', neq: 'differs from', gt: '>', gte: '≥', lt: '<', lte: '≤', contains: 'contains', exists: 'exists', missing: 'is missing' },
  has: 'has', hasNot: 'has not', key: 'Attribute', value: 'Value', eventType: 'Event type', windowDays: 'Last days', fn: { count: 'count', sum: 'value sum' },
};

export const consoleModule: ConsoleModule = {
  key: 'customers',
  order: 40,
  group: 'understand',
  nav: [
    { path: '/customers', labelKey: 'customers:nav', icon: <IdcardOutlined />, ability: 'customers.read' },
    { path: '/customer-segments', labelKey: 'customers:segmentsNav', icon: <ApartmentOutlined />, ability: 'customers.read' },
  ],
  routes: [
    { path: '/customers', element: <CustomersPage /> },
    { path: '/customers/:id', element: <CustomerPage /> },
    { path: '/customer-segments', element: <SegmentsPage /> },
  ],
  i18n: { 'zh-CN': zh, en },
};
