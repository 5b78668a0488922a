/**
 * What a notification is about (`notifications.kind`) and who gets it where by default. Other features add their
 * kinds here and call `notify` (apps/server/src/domains/notifications/commands/notify.ts); a user's own choices per
 * kind × channel override the defaults (GET/PUT /notification-preferences).
 */
export const NOTIFICATION_KINDS = [
  'alert.response',
  'alert.metric',
  'alert.feedback',
  'ticket.assigned',
  'ticket.sla_breach',
  'task.due',
  'task.overdue',
  'report.ready',
  'system',
] as const;
export type TNotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The channels a user chooses per kind. Group robots are chosen per robot (which kinds it posts), not per user. */
export const PREFERENCE_CHANNELS = ['in_app', 'email', 'push'] as const;
export type TPreferenceChannel = (typeof PREFERENCE_CHANNELS)[number];

/** Channels on unless the user switched them off: the bell always; email and push for what needs action soon. */
export const DEFAULT_PREFERENCE_CHANNELS: Record<TNotificationKind, readonly TPreferenceChannel[]> = {
  'alert.response': ['in_app', 'email', 'push'],
  'alert.metric': ['in_app', 'email'],
  'alert.feedback': ['in_app'],
  'ticket.assigned': ['in_app', 'push'],
  'ticket.sla_breach': ['in_app', 'email', 'push'],
  'task.due': ['in_app', 'email'],
  'task.overdue': ['in_app', 'email', 'push'],
  'report.ready': ['in_app', 'push'],
  system: ['in_app', 'email'],
};

/**
 * Channels a kind does not offer at all (not on the settings page, never sent, refused by PUT): a ready report is
 * already emailed with its PDF to the schedule's recipients (the schedule decides that mail), so `report.ready` has
 * no second, notification email.
 */
export const CHANNELS_NOT_OFFERED: Partial<Record<TNotificationKind, readonly TPreferenceChannel[]>> = {
  'report.ready': ['email'],
};

/** Whether users choose (and receive) `kind` on `channel`. */
export const channelOffered = (kind: TNotificationKind, channel: TPreferenceChannel) =>
  !CHANNELS_NOT_OFFERED[kind]?.includes(channel);

/** Group robot providers: 企业微信 group robot, 钉钉 custom robot, 飞书 custom bot. */
export const ROBOT_PROVIDERS = ['wecom', 'dingtalk', 'feishu'] as const;
export type TRobotProvider = (typeof ROBOT_PROVIDERS)[number];
