import {
  ACTION_STATUSES,
  ALERT_RULE_KINDS,
  CHANNELS,
  FOLLOWUP_OUTCOMES,
  IDENTITY_KINDS,
  METRIC_DIRECTIONS,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STATUSES,
  NPS_GROUPS,
  ORG_KINDS,
  PRIMARY_METRICS,
  RACI_ROLES,
  RECORD_STATUSES,
  ROLES,
  SENTIMENTS,
  SURVEY_STATUSES,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TIMELINE_KINDS,
  USER_STATUSES,
} from '@loopcx/shared';

/** The enumerations a business screen shows, by name (values from `@loopcx/shared`). */
export const ENUMS = {
  ticketStatus: TICKET_STATUSES,
  ticketPriority: TICKET_PRIORITIES,
  actionStatus: ACTION_STATUSES,
  recordStatus: RECORD_STATUSES,
  userStatus: USER_STATUSES,
  notificationStatus: NOTIFICATION_STATUSES,
  notificationChannel: NOTIFICATION_CHANNELS,
  ruleKind: ALERT_RULE_KINDS,
  sentiment: SENTIMENTS,
  followup: FOLLOWUP_OUTCOMES,
  direction: METRIC_DIRECTIONS,
  surveyStatus: SURVEY_STATUSES,
  orgKind: ORG_KINDS,
  channel: CHANNELS,
  primaryMetric: PRIMARY_METRICS,
  raci: RACI_ROLES,
  role: ROLES,
  identityKind: IDENTITY_KINDS,
  npsGroup: NPS_GROUPS,
  timelineKind: TIMELINE_KINDS,
} as const;

/** An enumeration's name. */
export type EnumName = keyof typeof ENUMS;

/**
 * One label per value of every enumeration: a value added to a list in `@loopcx/shared` without a label here is a
 * type error, in either language.
 */
export type EnumLabels = { [K in EnumName]: Record<(typeof ENUMS)[K][number], string> };

export const enumZhCN: EnumLabels = {
  ticketStatus: {
    new: '新建',
    acknowledged: '已受理',
    in_progress: '处理中',
    resolved: '已解决',
    closed: '已关闭',
    reopened: '已重开',
  },
  ticketPriority: { low: '低', normal: '普通', high: '高', urgent: '紧急' },
  actionStatus: { planned: '计划中', active: '进行中', done: '已完成', cancelled: '已取消' },
  recordStatus: { active: '启用', archived: '已归档' },
  userStatus: { active: '启用', disabled: '已停用' },
  notificationStatus: { pending: '待发送', sent: '已发送', failed: '发送失败', outbox: '待发（未配置邮件服务）' },
  notificationChannel: { in_app: '站内', email: '邮件', webhook: 'Webhook' },
  ruleKind: { response: '答卷规则', metric: '指标规则' },
  sentiment: { negative: '负面', neutral: '中性', positive: '正面' },
  followup: { confirmed: '客户确认满意', not_confirmed: '客户不满意', unreachable: '未联系上' },
  direction: { higher: '越高越好', lower: '越低越好' },
  surveyStatus: { draft: '草稿', live: '收集中', paused: '已暂停', closed: '已结束', archived: '已归档' },
  orgKind: { hq: '总部', region: '大区', city: '城市', store: '门店', department: '部门' },
  channel: { physical: '线下', digital: '线上', interpersonal: '人际' },
  primaryMetric: { csat: 'CSAT 满意度', nps: 'NPS 净推荐值', ces: 'CES 费力度' },
  raci: { responsible: '执行', accountable: '负责', consulted: '咨询', informed: '知会' },
  role: { owner: '所有者', admin: '管理员', analyst: '分析师', manager: '经理', agent: '客服专员', viewer: '只读' },
  identityKind: { member: '会员号', phone: '手机', wechat_openid: '微信 OpenID', email: '邮箱' },
  npsGroup: { promoter: '推荐者', passive: '被动者', detractor: '贬损者' },
  timelineKind: { response: '答卷', event: '事件', ticket: '工单', feedback: '反馈', invitation: '问卷邀请' },
};

export const enumEn: EnumLabels = {
  ticketStatus: {
    new: 'New',
    acknowledged: 'Acknowledged',
    in_progress: 'In progress',
    resolved: 'Resolved',
    closed: 'Closed',
    reopened: 'Reopened',
  },
  ticketPriority: { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' },
  actionStatus: { planned: 'Planned', active: 'In progress', done: 'Done', cancelled: 'Cancelled' },
  recordStatus: { active: 'Active', archived: 'Archived' },
  userStatus: { active: 'Active', disabled: 'Disabled' },
  notificationStatus: { pending: 'Pending', sent: 'Sent', failed: 'Failed', outbox: 'Outbox (no mail server)' },
  notificationChannel: { in_app: 'In app', email: 'Email', webhook: 'Webhook' },
  ruleKind: { response: 'Response rule', metric: 'Metric rule' },
  sentiment: { negative: 'Negative', neutral: 'Neutral', positive: 'Positive' },
  followup: { confirmed: 'Customer satisfied', not_confirmed: 'Customer not satisfied', unreachable: 'Not reached' },
  direction: { higher: 'Higher is better', lower: 'Lower is better' },
  surveyStatus: { draft: 'Draft', live: 'Live', paused: 'Paused', closed: 'Closed', archived: 'Archived' },
  orgKind: { hq: 'HQ', region: 'Region', city: 'City', store: 'Store', department: 'Department' },
  channel: { physical: 'Physical', digital: 'Digital', interpersonal: 'Interpersonal' },
  primaryMetric: { csat: 'CSAT', nps: 'NPS', ces: 'CES' },
  raci: { responsible: 'Responsible', accountable: 'Accountable', consulted: 'Consulted', informed: 'Informed' },
  role: { owner: 'Owner', admin: 'Admin', analyst: 'Analyst', manager: 'Manager', agent: 'Agent', viewer: 'Viewer' },
  identityKind: { member: 'Member ID', phone: 'Phone', wechat_openid: 'WeChat OpenID', email: 'Email' },
  npsGroup: { promoter: 'Promoter', passive: 'Passive', detractor: 'Detractor' },
  timelineKind: {
    response: 'Response',
    event: 'Event',
    ticket: 'Ticket',
    feedback: 'Feedback',
    invitation: 'Invitation',
  },
};

/**
 * The label of an enumeration value in a console language. A value the map does not know (a newer server) shows
 * as itself rather than disappearing.
 */
export function enumLabel(name: EnumName, value: string | null | undefined, language: string): string {
  if (value === null || value === undefined) return '—';
  const labels = (language === 'en' ? enumEn : enumZhCN)[name] as Record<string, string>;
  return labels[value] ?? value;
}
