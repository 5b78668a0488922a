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

/** The labels of every enumeration's values in one language. */
export type EnumLabels = { [K in EnumName]: Record<(typeof ENUMS)[K][number], string> };

/**
 * One label per value of every enumeration, [zh-CN, en]: a value added to a list in `@loopcx/shared` without its
 * labels here is a type error, and neither language can miss one.
 */
const LABELS: { [K in EnumName]: Record<(typeof ENUMS)[K][number], readonly [string, string]> } = {
  ticketStatus: {
    new: ['新建', 'New'],
    acknowledged: ['已受理', 'Acknowledged'],
    in_progress: ['处理中', 'In progress'],
    resolved: ['已解决', 'Resolved'],
    closed: ['已关闭', 'Closed'],
    reopened: ['已重开', 'Reopened'],
  },
  ticketPriority: { low: ['低', 'Low'], normal: ['普通', 'Normal'], high: ['高', 'High'], urgent: ['紧急', 'Urgent'] },
  actionStatus: {
    planned: ['计划中', 'Planned'],
    active: ['进行中', 'In progress'],
    done: ['已完成', 'Done'],
    cancelled: ['已取消', 'Cancelled'],
  },
  recordStatus: { active: ['启用', 'Active'], archived: ['已归档', 'Archived'] },
  userStatus: { active: ['启用', 'Active'], disabled: ['已停用', 'Disabled'] },
  notificationStatus: {
    pending: ['待发送', 'Pending'],
    sent: ['已发送', 'Sent'],
    failed: ['发送失败', 'Failed'],
    outbox: ['待发（未配置邮件服务）', 'Outbox (no mail server)'],
  },
  notificationChannel: {
    in_app: ['站内', 'In app'],
    email: ['邮件', 'Email'],
    webhook: ['Webhook', 'Webhook'],
    push: ['浏览器推送', 'Web push'],
    robot: ['群机器人', 'Group robot'],
  },
  ruleKind: { response: ['答卷规则', 'Response rule'], metric: ['指标规则', 'Metric rule'] },
  sentiment: { negative: ['负面', 'Negative'], neutral: ['中性', 'Neutral'], positive: ['正面', 'Positive'] },
  followup: {
    confirmed: ['客户确认满意', 'Customer satisfied'],
    not_confirmed: ['客户不满意', 'Customer not satisfied'],
    unreachable: ['未联系上', 'Not reached'],
  },
  direction: { higher: ['越高越好', 'Higher is better'], lower: ['越低越好', 'Lower is better'] },
  surveyStatus: {
    draft: ['草稿', 'Draft'],
    live: ['收集中', 'Live'],
    paused: ['已暂停', 'Paused'],
    closed: ['已结束', 'Closed'],
    archived: ['已归档', 'Archived'],
  },
  orgKind: {
    hq: ['总部', 'HQ'],
    region: ['大区', 'Region'],
    city: ['城市', 'City'],
    store: ['门店', 'Store'],
    department: ['部门', 'Department'],
  },
  channel: { physical: ['线下', 'Physical'], digital: ['线上', 'Digital'], interpersonal: ['人际', 'Interpersonal'] },
  primaryMetric: { csat: ['CSAT 满意度', 'CSAT'], nps: ['NPS 净推荐值', 'NPS'], ces: ['CES 费力度', 'CES'] },
  raci: {
    responsible: ['执行', 'Responsible'],
    accountable: ['负责', 'Accountable'],
    consulted: ['咨询', 'Consulted'],
    informed: ['知会', 'Informed'],
  },
  role: {
    owner: ['所有者', 'Owner'],
    admin: ['管理员', 'Admin'],
    analyst: ['分析师', 'Analyst'],
    manager: ['经理', 'Manager'],
    agent: ['客服专员', 'Agent'],
    viewer: ['只读', 'Viewer'],
  },
  identityKind: {
    member: ['会员号', 'Member ID'],
    phone: ['手机', 'Phone'],
    wechat_openid: ['微信 OpenID', 'WeChat OpenID'],
    email: ['邮箱', 'Email'],
  },
  npsGroup: { promoter: ['推荐者', 'Promoter'], passive: ['被动者', 'Passive'], detractor: ['贬损者', 'Detractor'] },
  timelineKind: {
    response: ['答卷', 'Response'],
    event: ['事件', 'Event'],
    ticket: ['工单', 'Ticket'],
    feedback: ['反馈', 'Feedback'],
    invitation: ['问卷邀请', 'Invitation'],
  },
};

/** The labels of one language (0: zh-CN, 1: en). */
function labelsIn(i: 0 | 1): EnumLabels {
  return Object.fromEntries(
    Object.entries(LABELS).map(([name, values]) => [
      name,
      Object.fromEntries(
        Object.entries(values as Record<string, readonly [string, string]>).map(([v, l]) => [v, l[i]]),
      ),
    ]),
  ) as EnumLabels;
}

export const enumZhCN: EnumLabels = labelsIn(0);
export const enumEn: EnumLabels = labelsIn(1);

/**
 * The label of an enumeration value in a console language. A value the map does not know (a newer server) shows
 * as itself rather than disappearing.
 */
export function enumLabel(name: EnumName, value: string | null | undefined, language: string): string {
  if (value === null || value === undefined) return '—';
  const labels = (language === 'en' ? enumEn : enumZhCN)[name] as Record<string, string>;
  return labels[value] ?? value;
}
