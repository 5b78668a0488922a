import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { likeContains } from '../../org/scope.ts';
import { PROBLEM_FROM, type ProblemRow, problemColumns } from '../presenter.ts';
import { problemScope } from '../scope.ts';

/** Filters of the problems list. */
export interface ListProblemsOptions {
  status?: 'open' | 'closed';
  ownerId?: string;
  teamId?: string;
  /** Only problems with a task past its due date and not submitted. */
  overdue?: boolean;
  q?: string;
}

/** The problems the caller may see, open first, newest first (at most 500). */
export function listProblems(ex: Executor, actor: Actor, o: ListProblemsOptions, now: Date): Promise<ProblemRow[]> {
  const at = now.toISOString();
  return rows<ProblemRow>(
    ex,
    sql`SELECT ${problemColumns(now)} FROM ${PROBLEM_FROM} WHERE ${problemScope(actor)}
        ${o.status ? sql`AND p.status = ${o.status}` : sql``}
        ${o.ownerId ? sql`AND p.owner_id = ${o.ownerId}` : sql``}
        ${o.teamId ? sql`AND EXISTS (SELECT 1 FROM problem_tasks f WHERE f.tenant_id = p.tenant_id AND f.problem_id = p.id AND f.team_id = ${o.teamId})` : sql``}
        ${
          o.overdue
            ? sql`AND EXISTS (SELECT 1 FROM problem_tasks f WHERE f.tenant_id = p.tenant_id AND f.problem_id = p.id
                    AND f.status NOT IN ('submitted', 'accepted') AND f.due_at < ${at})`
            : sql``
        }
        ${o.q ? sql`AND p.title ILIKE ${likeContains(o.q)}` : sql``}
        ORDER BY p.status = 'closed', p.created_at DESC, p.id LIMIT 500`,
  );
}
