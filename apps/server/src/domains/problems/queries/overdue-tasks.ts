import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { pathUnder } from '../../org/scope.ts';
import { problemScope, TASK_FROM, taskVisible } from '../scope.ts';

export interface OverdueTask {
  problemId: string;
  problemNumber: number;
  problemTitle: string;
  title: string;
  /** The team's or the unit's name. */
  owner: string;
  dueAt: string;
  status: string;
}

/**
 * Department tasks past their due date and not submitted (or returned and not resubmitted) at `now`, about the
 * subtree at `rootPath`: a unit's task for a unit in it, a team's task of a problem whose unit is in it. Only what
 * `actor` may see (the problem and the task). The longest overdue first, at most `limit`, with the total.
 */
export async function overdueTasksUnder(
  ex: Executor,
  actor: Actor,
  rootPath: string,
  now: Date,
  limit: number,
): Promise<{ total: number; items: OverdueTask[] }> {
  const where = sql`k.tenant_id = ${actor.tenantId} AND ${problemScope(actor)} AND ${taskVisible(actor)}
    AND k.status NOT IN ('submitted', 'accepted') AND k.due_at < ${now.toISOString()} AND p.status <> 'closed'
    AND ((k.org_unit_id IS NOT NULL AND ${pathUnder('ko', rootPath)}) OR (k.team_id IS NOT NULL AND ${pathUnder('po', rootPath)}))`;
  const total = await one<{ n: number }>(ex, sql`SELECT count(*)::int AS n FROM ${TASK_FROM} WHERE ${where}`);
  const items = await rows<{
    problem_id: string;
    number: number;
    problem_title: string;
    title: string;
    owner: string;
    due_at: Date | string;
    status: string;
  }>(
    ex,
    sql`SELECT p.id AS problem_id, p.number, p.title AS problem_title, k.title, coalesce(kt.name, ko.name) AS owner, k.due_at, k.status
        FROM ${TASK_FROM} WHERE ${where} ORDER BY k.due_at, k.id LIMIT ${limit}`,
  );
  return {
    total: total?.n ?? 0,
    items: items.map((r) => ({
      problemId: r.problem_id,
      problemNumber: r.number,
      problemTitle: r.problem_title,
      title: r.title,
      owner: r.owner,
      dueAt: new Date(r.due_at).toISOString(),
      status: r.status,
    })),
  };
}
