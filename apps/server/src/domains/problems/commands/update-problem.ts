import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { one, sql, type Tx } from '../../../platform/db.ts';
import { conflict, forbidden, invalid } from '../../../platform/errors.ts';
import type { ProblemRow } from '../presenter.ts';
import { canManage } from '../queries/problem-detail.ts';

/** What PATCH /problems/:id changes. */
export interface UpdateProblemOptions {
  title?: string;
  description?: string | null;
  rootCauseId?: string | null;
  sourceTopic?: string | null;
}

/** Changes an open problem's text and root cause; only its manager (403); 409 once closed; 422 for a foreign root cause. */
export async function updateProblem(
  tx: Tx,
  actor: Actor,
  problem: ProblemRow & { unit_path: string },
  b: UpdateProblemOptions,
  at: Date,
): Promise<void> {
  if (!canManage(actor, problem)) throw forbidden('Only the problem’s owner may change it');
  if (problem.status !== 'open') throw conflict('A closed problem cannot be changed');
  if (
    b.rootCauseId &&
    !(await one(tx, sql`SELECT 1 FROM root_causes WHERE tenant_id = ${actor.tenantId} AND id = ${b.rootCauseId}`))
  )
    throw invalid('rootCauseId', 'no such root cause');
  const sets = [sql`updated_at = ${at.toISOString()}`];
  if (b.title !== undefined) sets.push(sql`title = ${b.title}`);
  if (b.description !== undefined) sets.push(sql`description = ${b.description}`);
  if (b.rootCauseId !== undefined) sets.push(sql`root_cause_id = ${b.rootCauseId}`);
  if (b.sourceTopic !== undefined) sets.push(sql`source_topic = ${b.sourceTopic}`);
  await tx.execute(
    sql`UPDATE problems SET ${sql.join(sets, sql`, `)} WHERE tenant_id = ${actor.tenantId} AND id = ${problem.id}`,
  );
  await audit(tx, actor, 'problem.update', 'problem', problem.id, b, {
    title: problem.title,
    rootCauseId: problem.root_cause_id,
  });
}
