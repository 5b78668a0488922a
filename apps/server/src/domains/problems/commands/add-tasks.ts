import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../platform/auth.ts';
import { one, sql, type Tx } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { requireUnitInScope } from '../../org/scope.ts';
import { getTeam } from '../../teams/queries/get-team.ts';
import { recordProblemEvent } from './record-event.ts';

/** A task as the API takes it: for a team or an org unit (exactly one), with a title and a due date. */
export interface NewTask {
  teamId?: string;
  orgUnitId?: string;
  title: string;
  dueAt: string;
}

/**
 * Adds tasks to a problem after the last one. A team must be the tenant's and a unit in the caller's subtree (404
 * otherwise: a caller cannot hand work to a unit they cannot see). Returns the new ids in order.
 */
export async function addTasks(tx: Tx, actor: Actor, problemId: string, tasks: NewTask[], at: Date) {
  const last = await one<{ seq: number | null }>(
    tx,
    sql`SELECT max(seq) AS seq FROM problem_tasks WHERE tenant_id = ${actor.tenantId} AND problem_id = ${problemId}`,
  );
  let seq = Number(last?.seq ?? 0);
  const ids: string[] = [];
  for (const [i, t] of tasks.entries())
    if (!t.teamId === !t.orgUnitId) throw invalid(`tasks.${i}.teamId`, 'give a teamId or an orgUnitId (one of them)');
  for (const t of tasks) {
    if (t.teamId) await getTeam(tx, actor, t.teamId);
    if (t.orgUnitId) await requireUnitInScope(tx, actor, t.orgUnitId);
    const id = randomUUID();
    await tx.execute(
      sql`INSERT INTO problem_tasks (tenant_id, id, problem_id, seq, title, team_id, org_unit_id, due_at, created_at, updated_at)
          VALUES (${actor.tenantId}, ${id}, ${problemId}, ${++seq}, ${t.title}, ${t.teamId ?? null}, ${t.orgUnitId ?? null},
                  ${t.dueAt}, ${at.toISOString()}, ${at.toISOString()})`,
    );
    await recordProblemEvent(tx, {
      tenantId: actor.tenantId,
      problemId,
      taskId: id,
      kind: 'task_created',
      actorId: actor.kind === 'user' ? actor.id : null,
      data: { title: t.title, dueAt: t.dueAt },
      at,
    });
    ids.push(id);
  }
  return ids;
}
