import type { Actor } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Tx } from '../../platform/db.ts';
import { inTransaction } from '../../platform/routing.ts';
import { publishProblem } from './live.ts';
import type { ProblemRow, TaskRow } from './presenter.ts';
import { getProblem } from './queries/get-problem.ts';
import { getTask } from './queries/get-task.ts';
import { problemDetail } from './queries/problem-detail.ts';

/**
 * The shape of every change to one problem: lock it (404 outside the caller's view), run `command` on it, answer its
 * detail as the caller now sees it, and tell open consoles after commit.
 */
export async function changeProblem(
  ctx: AppContext,
  actor: Actor,
  id: string,
  command: (tx: Tx, p: ProblemRow & { unit_path: string }, now: Date) => Promise<unknown>,
  opts: { taskId?: string } = {},
) {
  const now = ctx.clock.now();
  const { p, detail } = await inTransaction(ctx, async (tx) => {
    const p = await getProblem(tx, actor, id, now, { forUpdate: true });
    await command(tx, p, now);
    return { p, detail: await problemDetail(tx, actor, await getProblem(tx, actor, p.id, now), now) };
  });
  publishProblem(ctx, actor.tenantId, p, opts.taskId);
  return detail;
}

/** `changeProblem` for one of its tasks: the problem, then the task, locked (404 where the caller cannot see it). */
export async function changeTask(
  ctx: AppContext,
  actor: Actor,
  id: string,
  taskId: string,
  command: (tx: Tx, p: ProblemRow & { unit_path: string }, task: TaskRow, now: Date) => Promise<unknown>,
) {
  return changeProblem(
    ctx,
    actor,
    id,
    async (tx, p, now) => command(tx, p, await getTask(tx, actor, p.id, taskId, { forUpdate: true }), now),
    { taskId },
  );
}
