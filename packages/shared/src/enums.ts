/**
 * Enumerations the API answers as plain strings (their zod contracts say `z.string()`), listed once so the console's
 * translation map (`apps/console/src/lib/enums.ts`) is checked against them: a value added here without a Chinese and
 * an English label fails the type check. Values match the tables' CHECK constraints.
 */
export const TICKET_STATUSES = ['new', 'acknowledged', 'in_progress', 'resolved', 'closed', 'reopened'] as const;
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const ACTION_STATUSES = ['planned', 'active', 'done', 'cancelled'] as const;
export const RECORD_STATUSES = ['active', 'archived'] as const;
export const USER_STATUSES = ['active', 'disabled'] as const;
export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed', 'outbox'] as const;
export const NOTIFICATION_CHANNELS = ['in_app', 'email', 'webhook', 'push', 'robot'] as const;
export const ALERT_RULE_KINDS = ['response', 'metric'] as const;
export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export const FOLLOWUP_OUTCOMES = ['confirmed', 'not_confirmed', 'unreachable'] as const;
export const METRIC_DIRECTIONS = ['higher', 'lower'] as const;
