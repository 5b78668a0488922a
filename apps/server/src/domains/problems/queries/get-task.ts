import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { type TaskRow, taskColumns } from '../presenter.ts';
import { TASK_FROM, taskVisible } from '../scope.ts';

/**
 * A task of problem `problemId` the caller sees, or 404. The problem must already have passed `getProblem` (its
 * scope); the task additionally passes `taskVisible`. `forUpdate` locks the task row for a transition.
 */
export async function getTask(
  ex: Executor,
  actor: Actor,
  problemId: string,
  taskId: string,
  opts: { forUpdate?: boolean } = {},
): Promise<TaskRow> {
  const row = await one<TaskRow>(
    ex,
    sql`SELECT ${taskColumns(actor)} FROM ${TASK_FROM}
        WHERE k.tenant_id = ${actor.tenantId} AND k.problem_id = ${problemId} AND k.id = ${taskId} AND ${taskVisible(actor)}
        ${opts.forUpdate ? sql`FOR UPDATE OF k` : sql``}`,
  );
  if (!row) throw notFound('Task');
  return row;
}
