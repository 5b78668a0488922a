import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/context.ts';
import { one, rows, sql } from '../../../platform/db.ts';
import type { Job } from '../../../platform/jobs.ts';
import { findUnitManager } from '../../tickets/commands/route-ticket.ts';

/**
 * Job handler of `task.overdue`: an in-app notification (a `notifications` row per user, as the alerts domain writes
 * them) to the task's people (its team's members, or its unit's manager) and to the manager it was escalated to,
 * linking to the problem. Idempotent: the rows carry the task id and kind, and a rerun finds them and stops. (The
 * alerts domain's `notify` is not imported: alerts reads metrics, which reads this domain's task metric.)
 *
 * The manager's loop (issue 19) builds a notification centre with per-user channels; its `notify(...)` replaces the
 * insert here, with kind `task.overdue` (see ARCHITECTURE.md, decision on problems).
 */
export async function notifyTaskOverdue(
  ctx: AppContext,
  job: Job<{ taskId: string; problemId: string; escalatedTo: string | null }>,
) {
  const tenantId = job.tenantId;
  if (!tenantId) return;
  const { taskId, problemId, escalatedTo } = job.payload;
  await ctx.db.transaction(async (tx) => {
    const sent = await one(
      tx,
      sql`SELECT 1 FROM notifications WHERE tenant_id = ${tenantId} AND data->>'kind' = 'task.overdue' AND data->>'taskId' = ${taskId} LIMIT 1`,
    );
    if (sent) return;
    const t = await one<{
      title: string;
      team_id: string | null;
      org_unit_id: string | null;
      due_at: Date | string;
      number: number;
      problem_title: string;
      status: string;
    }>(
      tx,
      sql`SELECT k.title, k.team_id, k.org_unit_id, k.due_at, k.status, p.number, p.title AS problem_title
          FROM problem_tasks k JOIN problems p ON p.tenant_id = k.tenant_id AND p.id = k.problem_id
          WHERE k.tenant_id = ${tenantId} AND k.id = ${taskId} AND k.problem_id = ${problemId}`,
    );
    // Submitted or accepted since the sweep (or deleted): nothing to say any more.
    if (!t || t.status === 'submitted' || t.status === 'accepted') return;
    const people = t.team_id
      ? (
          await rows<{ user_id: string }>(
            tx,
            sql`SELECT m.user_id FROM team_members m JOIN users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id AND u.status = 'active'
                WHERE m.tenant_id = ${tenantId} AND m.team_id = ${t.team_id}`,
          )
        ).map((r) => r.user_id)
      : [await findUnitManager(tx, tenantId, t.org_unit_id!, 0)].filter((x): x is string => !!x);
    const userIds = [...new Set([...people, ...(escalatedTo ? [escalatedTo] : [])])];
    const due = new Date(t.due_at).toISOString().slice(0, 10);
    const subject = `任务逾期 Task overdue: ${t.title}`;
    const body = `P-${t.number} ${t.problem_title} · ${t.title} · 截止 due ${due}`;
    const data = { kind: 'task.overdue', taskId, problemId, escalatedTo, link: `/problems/${problemId}` };
    for (const userId of userIds)
      await tx.execute(
        sql`INSERT INTO notifications (tenant_id, id, channel, recipient, subject, body, data, status)
            VALUES (${tenantId}, ${randomUUID()}, 'in_app', ${userId}, ${subject}, ${body}, ${JSON.stringify(data)}::jsonb, 'sent')`,
      );
  });
}
