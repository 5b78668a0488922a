import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { type TaskRow, taskColumns } from '../presenter.ts';
import { TASK_FROM, taskWorker } from '../scope.ts';

/** A task with its problem's number and title, and whether the caller owns that problem. */
export type MyTaskRow = TaskRow & { problem_number: number; problem_title: string; reviewer: boolean };

/**
 * The caller's open work on open problems: tasks they work on (their team's, or their units' as a manager) that
 * are not accepted yet, and submitted tasks of the problems they own (awaiting their acceptance); due first.
 */
export function myTasks(ex: Executor, actor: Actor): Promise<MyTaskRow[]> {
  return rows<MyTaskRow>(
    ex,
    sql`SELECT ${taskColumns(actor)}, p.number AS problem_number, p.title AS problem_title, p.owner_id = ${actor.id} AS reviewer
        FROM ${TASK_FROM}
        WHERE k.tenant_id = ${actor.tenantId} AND p.status = 'open' AND (
          (k.status <> 'accepted' AND ${taskWorker(actor)})
          OR (k.status = 'submitted' AND p.owner_id = ${actor.id}))
        ORDER BY k.due_at, k.id LIMIT 500`,
  );
}
