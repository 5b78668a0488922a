import type { AppContext } from '../../../platform/context.ts';
import { rows, sql } from '../../../platform/db.ts';
import { enqueue, wakeWorkers } from '../../../platform/jobs.ts';
import { findUnitManager } from '../../tickets/commands/route-ticket.ts';
import { taskOverdueJob } from '../jobs.ts';
import { recordProblemEvent } from './record-event.ts';

type Due = {
  tenant_id: string;
  id: string;
  problem_id: string;
  title: string;
  team_id: string | null;
  org_unit_id: string | null;
  due_at: Date | string;
  problem_unit_id: string;
  problem_owner_id: string;
  problem_path: string;
};

/**
 * The overdue sweep of department tasks: a task of an open problem past its due date and not submitted is marked
 * overdue once (`overdue_at`) and escalated like an SLA breach of a ticket — a unit's task to the parent unit's
 * manager, a team's task (teams have no place in the tree) to the manager of the problem's unit, else the problem's
 * owner. Each escalation is on the timeline and writes a `task.overdue` job in the same transaction (the
 * notification to the task's people and the escalation target). Idempotent (a marked task is never picked again)
 * and safe to run concurrently (row locks, SKIP LOCKED); runs once per tick cluster-wide as a scheduled task.
 */
export async function escalateOverdueTasks(
  ctx: AppContext,
  opts: { tenantId?: string; batchSize?: number } = {},
): Promise<number> {
  const now = ctx.clock.now();
  const batchSize = opts.batchSize ?? 500;
  let total = 0;
  for (;;) {
    const done = await ctx.db.transaction(async (tx) => {
      const due = await rows<Due>(
        tx,
        sql`SELECT k.tenant_id, k.id, k.problem_id, k.title, k.team_id, k.org_unit_id, k.due_at,
              p.org_unit_id AS problem_unit_id, p.owner_id AS problem_owner_id,
              (SELECT o.path FROM org_units o WHERE o.tenant_id = p.tenant_id AND o.id = p.org_unit_id) AS problem_path
            FROM problem_tasks k JOIN problems p ON p.tenant_id = k.tenant_id AND p.id = k.problem_id
            WHERE k.overdue_at IS NULL AND k.status NOT IN ('submitted', 'accepted') AND k.due_at < ${now.toISOString()}
              AND p.status = 'open'
              ${opts.tenantId ? sql`AND k.tenant_id = ${opts.tenantId}` : sql``}
            ORDER BY k.due_at, k.tenant_id, k.id LIMIT ${batchSize} FOR UPDATE OF k SKIP LOCKED`,
      );
      for (const t of due) {
        const target =
          (t.org_unit_id
            ? ((await findUnitManager(tx, t.tenant_id, t.org_unit_id, 1)) ??
              (await findUnitManager(tx, t.tenant_id, t.org_unit_id, 0)))
            : await findUnitManager(tx, t.tenant_id, t.problem_unit_id, 0)) ?? t.problem_owner_id;
        await tx.execute(
          sql`UPDATE problem_tasks SET overdue_at = ${now.toISOString()}, escalated_to = ${target}, updated_at = ${now.toISOString()}
              WHERE tenant_id = ${t.tenant_id} AND id = ${t.id}`,
        );
        await recordProblemEvent(tx, {
          tenantId: t.tenant_id,
          problemId: t.problem_id,
          taskId: t.id,
          kind: 'task_overdue',
          data: { title: t.title, escalatedTo: target, dueAt: new Date(t.due_at).toISOString() },
          at: now,
        });
        await enqueue(tx, taskOverdueJob, [{ taskId: t.id, problemId: t.problem_id, escalatedTo: target }], {
          tenantId: t.tenant_id,
        });
      }
      return due;
    });
    // Published after commit: an open problem page must never show an escalation that rolled back.
    for (const t of done)
      ctx.bus.publish({
        tenantId: t.tenant_id,
        type: 'problems.updated',
        orgPath: t.problem_path,
        data: { id: t.problem_id, taskId: t.id, kind: 'task.overdue' },
      });
    if (done.length) wakeWorkers(ctx);
    total += done.length;
    if (done.length < batchSize) return total;
  }
}
