import type { Shape } from '../../../lib/locale.ts';
import type { zhCN } from './zh-CN.ts';

/** English strings of the rules module: the type checker refuses a key missing here or absent from zh-CN. */
export const en: Shape<typeof zhCN> = {
  nav: 'Alert rules',
  title: 'Alert rules & SLA',
  rules: 'Rules',
  new: 'New rule',
  name: 'Name',
  kind: 'Kind',
  response: 'Response rule',
  metric: 'Metric rule',
  condition: 'Condition',
  ticket: 'Open ticket',
  enabled: 'Enabled',
  expressionHelp:
    "SurveyJS expression, e.g. {nps} <= 6 or ({csat} <= 2 and {customer.tier} = 'gold'), or {comment} contains 'food safety'",
  window: 'Window (days)',
  anomaly: 'Anomaly drop',
  threshold: 'Threshold',
  minN: 'Min n',
  priority: 'Priority',
  assign: 'Assign to',
  unitManager: 'Unit manager',
  roundRobin: 'Team round-robin',
  webhook: 'Webhook',
  webhookHelp: 'Push to a webhook endpoint (managed on the Webhooks page; each has its own signing secret)',
  emails: 'Email (comma-separated)',
  sla: 'SLA policies',
  firstResponse: 'First response (min)',
  resolution: 'Resolution (min)',
  slaSaved: 'Saved; {{n}} open tickets got new deadlines',
  outbox: 'Email outbox',
  to: 'To',
  subject: 'Subject',
  status: 'Status',
  time: 'Time',
};
