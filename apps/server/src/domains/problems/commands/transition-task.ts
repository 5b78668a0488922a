import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { AppError, conflict, forbidden } from '../../../platform/errors.ts';
import type { ProblemRow, TaskRow } from '../presenter.ts';
import { canManage } from '../queries/problem-detail.ts';
import { recordProblemEvent } from './record-event.ts';

/** What can happen to a task, and by whom: the task's workers submit, the problem's manager accepts or returns. */
export type TaskTransition = 'submit' | 'accept' | 'return';

/** The statuses each transition leaves from, and where it goes. `accepted` is final. */
export const TASK_TRANSITIONS: Record<
  TaskTransition,
  { from: readonly string[]; to: string; by: 'worker' | 'manager' }
> = {
  submit: { from: ['open', 'in_progress', 'returned'], to: 'submitted', by: 'worker' },
  accept: { from: ['submitted'], to: 'accepted', by: 'manager' },
  return: { from: ['submitted'], to: 'returned', by: 'manager' },
};

/**
 * Moves a (locked) task along the state machine: 403 when the caller is not its worker (submit) or the problem's
 * manager (accept/return), 409 when the problem is closed or the task's status does not allow the move. A submit
 * records the time (the on-time rule reads it) and sets progress to 100; a return needs a reason (the route checks
 * it is given) and keeps the submission time until the next submit.
 */
export async function transitionTask(
  tx: Tx,
  actor: Actor,
  problem: ProblemRow & { unit_path: string },
  task: TaskRow,
  move: TaskTransition,
  at: Date,
  opts: { reason?: string; note?: string } = {},
): Promise<void> {
  const rule = TASK_TRANSITIONS[move];
  if (rule.by === 'worker' && !task.can_work) throw forbidden('Only the task’s team or unit may submit it');
  if (rule.by === 'manager' && !canManage(actor, problem))
    throw forbidden('Only the problem’s owner may accept or return its tasks');
  if (problem.status !== 'open') throw conflict('The problem is closed');
  if (!rule.from.includes(task.status))
    throw new AppError('conflict', `A ${task.status} task cannot be ${move === 'submit' ? 'submitted' : `${move}ed`}`, {
      extra: { taskStatus: task.status },
    });
  const now = at.toISOString();
  await tx.execute(
    sql`UPDATE problem_tasks SET status = ${rule.to}, updated_at = ${now},
          ${
            move === 'submit'
              ? sql`submitted_at = ${now}, progress = 100, return_reason = NULL`
              : move === 'accept'
                ? sql`accepted_at = ${now}`
                : sql`return_reason = ${opts.reason ?? null}, progress = least(progress, 90)`
          }
        WHERE tenant_id = ${actor.tenantId} AND id = ${task.id}`,
  );
  await tx.execute(
    sql`UPDATE problems SET updated_at = ${now} WHERE tenant_id = ${actor.tenantId} AND id = ${problem.id}`,
  );
  await recordProblemEvent(tx, {
    tenantId: actor.tenantId,
    problemId: problem.id,
    taskId: task.id,
    kind: `task_${rule.to}`,
    actorId: actor.kind === 'user' ? actor.id : null,
    data: {
      title: task.title,
      ...(opts.reason ? { reason: opts.reason } : {}),
      ...(opts.note ? { note: opts.note } : {}),
      ...(move === 'submit' ? { late: at.getTime() > new Date(task.due_at).getTime() } : {}),
    },
    at,
  });
  await audit(tx, actor, `problem.task.${move}`, 'problem_task', task.id, { status: rule.to });
}

/**
 * Records progress (0–100) and an optional note on a task its worker still works on: open becomes in_progress;
 * 409 once it is submitted or accepted, 403 for anyone but its workers.
 */
export async function reportProgress(
  tx: Tx,
  actor: Actor,
  problem: ProblemRow,
  task: TaskRow,
  b: { progress: number; note?: string },
  at: Date,
): Promise<void> {
  if (!task.can_work) throw forbidden('Only the task’s team or unit may report progress');
  if (problem.status !== 'open') throw conflict('The problem is closed');
  if (!['open', 'in_progress', 'returned'].includes(task.status))
    throw conflict(`A ${task.status} task takes no more progress`);
  await tx.execute(
    sql`UPDATE problem_tasks SET progress = ${b.progress}, updated_at = ${at.toISOString()},
          status = CASE WHEN status = 'open' THEN 'in_progress' ELSE status END
        WHERE tenant_id = ${actor.tenantId} AND id = ${task.id}`,
  );
  await recordProblemEvent(tx, {
    tenantId: actor.tenantId,
    problemId: problem.id,
    taskId: task.id,
    kind: 'task_progress',
    actorId: actor.kind === 'user' ? actor.id : null,
    data: { title: task.title, progress: b.progress, ...(b.note ? { note: b.note } : {}) },
    at,
  });
}
