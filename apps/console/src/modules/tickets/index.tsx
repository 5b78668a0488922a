import { AlertOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { TicketPage } from './TicketPage.tsx';
import { TicketsPage } from './TicketsPage.tsx';

export const consoleModule: ConsoleModule = {
  key: 'tickets',
  order: 10,
  group: 'act',
  nav: [{ path: '/tickets', labelKey: 'tickets:nav', icon: <AlertOutlined />, ability: 'tickets.read' }],
  routes: [
    { path: '/tickets', element: <TicketsPage /> },
    { path: '/tickets/:id', element: <TicketPage /> },
  ],
  i18n: {
    'zh-CN': {
      nav: '工单', title: '工单', customer: '客户历史', profile: '客户档案', mine: '我的', units: '我的单位', overdue: '已超时', all: '全部', number: '编号', titleCol: '标题', unit: '单位', priority: '优先级', status: '状态', assignee: '处理人', due: 'SLA',
      overdueBy: '超时 {{m}} 分钟', left: '剩余 {{m}} 分钟', more: '加载更多', acknowledge: '受理', start: '开始处理', resolve: '解决', reopen: '重新打开', rootCause: '根本原因', resolution: '处理说明',
      followup: '客户回访', confirmed: '客户确认满意（关闭）', notConfirmed: '客户不满意（重开并升级）', unreachable: '未联系上', comment: '评论', addComment: '添加评论', history: '处理记录', timeInStatus: '各状态停留（分钟）',
      response: '触发的答卷', escalation: '升级级别', reopenCount: '重开次数', s: { new: '新建', acknowledged: '已受理', in_progress: '处理中', resolved: '已解决', closed: '已关闭', reopened: '已重开' },
      p: { low: '低', normal: '普通', high: '高', urgent: '紧急' }, bulkAssign: '批量分派', assignTo: '分派给', reports: '报表', volume: '工单量', sla: 'SLA 达成率', reopenRate: '重开率', mttc: '平均关闭时长（小时）', pareto: '根因分布',
      kinds: { created: '创建', status: '状态变更', followup: '回访', comment: '评论', assigned: '分派', escalated: '升级', alert_attached: '追加预警' },
    },
    en: {
      nav: 'Tickets', title: 'Tickets', customer: 'Customer history', profile: 'Customer profile', mine: 'Mine', units: 'My units', overdue: 'Overdue', all: 'All', number: 'No.', titleCol: 'Title', unit: 'Unit', priority: 'Priority', status: 'Status', assignee: 'Assignee', due: 'SLA',
      overdueBy: '{{m}} min overdue', left: '{{m}} min left', more: 'Load more', acknowledge: 'Acknowledge', start: 'Start', resolve: 'Resolve', reopen: 'Reopen', rootCause: 'Root cause', resolution: 'Resolution',
      followup: 'Customer follow-up', confirmed: 'Customer confirmed (close)', notConfirmed: 'Customer not satisfied (reopen, raise)', unreachable: 'Could not reach', comment: 'Comment', addComment: 'Add comment', history: 'History', timeInStatus: 'Time in status (min)',
      response: 'Triggering response', escalation: 'Escalation level', reopenCount: 'Reopened', s: { new: 'New', acknowledged: 'Acknowledged', in_progress: 'In progress', resolved: 'Resolved', closed: 'Closed', reopened: 'Reopened' },
      p: { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' }, bulkAssign: 'Bulk assign', assignTo: 'Assign to', reports: 'Reports', volume: 'Volume', sla: 'SLA compliance', reopenRate: 'Reopen rate', mttc: 'Mean hours to close', pareto: 'Root causes',
      kinds: { created: 'Created', status: 'Status', followup: 'Follow-up', comment: 'Comment', assigned: 'Assigned', escalated: 'Escalated', alert_attached: 'Alert attached' },
    },
  },
};
