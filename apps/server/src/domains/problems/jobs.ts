import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { notifyTaskOverdue } from './commands/notify-task-overdue.ts';

/**
 * `task.overdue` {taskId, problemId, escalatedTo}: written by the overdue sweep in the transaction that marks a
 * task overdue; tells the task's people and the manager it was escalated to.
 */
export const taskOverdueJob = defineJob({
  kind: 'task.overdue',
  schema: z.object({ taskId: z.uuid(), problemId: z.uuid(), escalatedTo: z.uuid().nullable() }),
  handle: notifyTaskOverdue,
});

/** The problems domain's job kinds (its module's `jobs`). */
export const problemJobs = [taskOverdueJob];
