import type { AppContext } from '../../../platform/context.ts';
import { one, rows, sql } from '../../../platform/db.ts';
import type { Job } from '../../../platform/jobs.ts';
import { announce, type NotifyCommand, notify } from '../../notifications/commands/notify.ts';
import { findUnitManager } from '../../tickets/commands/route-ticket.ts';

const TEXT = {
  'zh-CN': {
    title: (task: string) => `任务逾期：${task}`,
    body: (n: number, problem: string, task: string, due: string) => `P-${n} ${problem} · ${task} · 截止 ${due}`,
  },
  en: {
    title: (task: string) => `Task overdue: ${task}`,
    body: (n: number, problem: string, task: string, due: string) => `P-${n} ${problem} · ${task} · due ${due}`,
  },
} as const;

/**
 * Job handler of `task.overdue`: tells the task's people (its team's members, or its unit's manager) and the manager
 * it was escalated to, through the notification centre (`notify`, kind `task.overdue`: the bell, and email, web push
 * and the unit's group robots as each recipient's preferences say), in each recipient's language, linking to the
 * problem. Idempotent: a rerun finds the task's `task.overdue` rows and stops.
 */
export async function notifyTaskOverdue(
  ctx: AppContext,
  job: Job<{ taskId: string; problemId: string; escalatedTo: string | null }>,
) {
  const tenantId = job.tenantId;
  if (!tenantId) return;
  const { taskId, problemId, escalatedTo } = job.payload;
  const results = await ctx.db.transaction(async (tx) => {
    const sent = await one(
      tx,
      sql`SELECT 1 FROM notifications WHERE tenant_id = ${tenantId} AND kind = 'task.overdue' AND data->>'taskId' = ${taskId} LIMIT 1`,
    );
    if (sent) return [];
    const t = await one<{
      title: string;
      team_id: string | null;
      org_unit_id: string | null;
      problem_unit_id: string;
      due_at: Date | string;
      number: number;
      problem_title: string;
      status: string;
    }>(
      tx,
      sql`SELECT k.title, k.team_id, k.org_unit_id, p.org_unit_id AS problem_unit_id, k.due_at, k.status, p.number, p.title AS problem_title
          FROM problem_tasks k JOIN problems p ON p.tenant_id = k.tenant_id AND p.id = k.problem_id
          WHERE k.tenant_id = ${tenantId} AND k.id = ${taskId} AND k.problem_id = ${problemId}`,
    );
    // Submitted or accepted since the sweep (or deleted): nothing to say any more.
    if (!t || t.status === 'submitted' || t.status === 'accepted') return [];
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
    if (!userIds.length) return [];
    const langs = await rows<{ id: string; locale: string | null }>(
      tx,
      sql`SELECT id, locale FROM users WHERE tenant_id = ${tenantId} AND id IN (${sql.join(
        userIds.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
    const due = new Date(t.due_at).toISOString().slice(0, 10);
    const commands: NotifyCommand[] = [];
    for (const lang of ['zh-CN', 'en'] as const) {
      const ids = langs.filter((u) => (u.locale === 'en' ? 'en' : 'zh-CN') === lang).map((u) => u.id);
      if (!ids.length) continue;
      commands.push({
        tenantId,
        kind: 'task.overdue',
        userIds: ids,
        // The unit the task is about (a team's task: the problem's unit): its group robots post it once.
        unitId: commands.length ? null : (t.org_unit_id ?? t.problem_unit_id),
        title: TEXT[lang].title(t.title),
        body: TEXT[lang].body(t.number, t.problem_title, t.title, due),
        link: `/problems/${problemId}`,
        data: { taskId, problemId, escalatedTo },
      });
    }
    return notify(tx, ctx, commands);
  });
  announce(ctx, results);
}
