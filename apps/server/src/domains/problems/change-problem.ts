import type { Actor } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Tx } from '../../platform/db.ts';
import { inTransaction } from '../../platform/routing.ts';
import { publishProblem } from './live.ts';
import type { ProblemRow } from './presenter.ts';
import { getProblem } from './queries/get-problem.ts';
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
) {
  const now = ctx.clock.now();
  const { p, detail } = await inTransaction(ctx, async (tx) => {
    const p = await getProblem(tx, actor, id, now, { forUpdate: true });
    await command(tx, p, now);
    return { p, detail: await problemDetail(tx, actor, await getProblem(tx, actor, p.id, now), now) };
  });
  publishProblem(ctx, actor.tenantId, p);
  return detail;
}
