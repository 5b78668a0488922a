import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { PROBLEM_FROM, type ProblemRow, problemColumns } from '../presenter.ts';
import { problemScope } from '../scope.ts';

/** A problem the caller may see (see `problemScope`), or 404; `forUpdate` locks its row for a state change. */
export async function getProblem(
  ex: Executor,
  actor: Actor,
  id: string,
  now: Date,
  opts: { forUpdate?: boolean } = {},
): Promise<ProblemRow & { unit_path: string }> {
  const row = await one<ProblemRow & { unit_path: string }>(
    ex,
    sql`SELECT ${problemColumns(now)},
          (SELECT o.path FROM org_units o WHERE o.tenant_id = p.tenant_id AND o.id = p.org_unit_id) AS unit_path
        FROM ${PROBLEM_FROM} WHERE ${problemScope(actor)} AND p.id = ${id}
        ${opts.forUpdate ? sql`FOR UPDATE OF p` : sql``}`,
  );
  if (!row) throw notFound('Problem');
  return row;
}
