import type { ScheduledTask } from '../../platform/scheduled-tasks.ts';
import { markOverdue } from './commands/overdue.ts';

/** Assignments past due without a submission become overdue: every 5 minutes cluster-wide, idempotent. */
export const panelScheduled: ScheduledTask[] = [
  { name: 'panel.mark-overdue', everyMs: 5 * 60_000, run: async (ctx) => void (await markOverdue(ctx)) },
];
