import type { Actor } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql, type Tx } from '../../platform/db.ts';
import { demoActors } from '../../seed/actors.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { addEvidence } from './commands/add-evidence.ts';
import { closeProblem } from './commands/close-problem.ts';
import { createProblem } from './commands/create-problem.ts';
import { escalateOverdueTasks } from './commands/escalate-overdue-tasks.ts';
import { linkAction } from './commands/link-action.ts';
import { reportProgress, type TaskTransition, transitionTask } from './commands/transition-task.ts';
import { getProblem } from './queries/get-problem.ts';
import { problemTasks } from './queries/problem-detail.ts';

const DAY = 86400_000;

/**
 * Demo problems with their history, written through the same commands as the API at past times: a queueing
 * problem in Guangzhou closed by its measured action (or, if the action's effect is not significant in this
 * seed's data, by its accepted tasks), a takeaway-packaging problem with an overdue, escalated task and one in
 * progress with evidence, and the North region's NPS drop with a task awaiting the analyst's acceptance.
 */
export async function seedProblems(ctx: AppContext, demo: DemoTenant): Promise<void> {
  if (await one(ctx.db, sql`SELECT 1 FROM problems WHERE tenant_id = ${demo.tenantId}`)) return;
  const as = await demoActors(ctx.db, demo.tenantId);
  const analyst = as('analyst@savor.example');
  const now = ctx.clock.now().getTime();
  const at = (days: number) => new Date(now + days * DAY);
  const unit = (code: string) => demo.units.get(code)?.id;
  const team = (key: string) => demo.teams.get(key) || undefined;
  // Read before the transactions below: inside one, only its own handle may be used.
  const causes = new Map(
    (
      await rows<{ id: string; code: string }>(
        ctx.db,
        sql`SELECT id, code FROM root_causes WHERE tenant_id = ${demo.tenantId}`,
      )
    ).map((r) => [r.code, r.id]),
  );
  const cause = (code: string) => causes.get(code);
  const move = async (
    tx: Tx,
    actor: Actor,
    problemId: string,
    seq: number,
    m: TaskTransition,
    when: Date,
    reason?: string,
  ) => {
    const p = await getProblem(tx, actor, problemId, when);
    const task = (await problemTasks(tx, actor, problemId)).find((t) => t.seq === seq)!;
    await transitionTask(tx, actor, p, task, m, when, { reason });
  };
  const gz02 = unit('GZ-02');
  const sh01 = unit('SH-01');
  const north = unit('NORTH');
  if (!gz02 || !sh01 || !north || !team('service') || !team('operations') || !team('quality')) return;

  // 1. Queueing in Guangzhou Yuexiu, 45 days ago: tasks done on time and accepted; closed on the GZ-02 action.
  await ctx.db.transaction(async (tx) => {
    const tickets = await rows<{ id: string }>(
      tx,
      sql`SELECT t.id FROM tickets t WHERE t.tenant_id = ${demo.tenantId} AND t.org_unit_id = ${gz02} ORDER BY t.created_at LIMIT 3`,
    );
    const id = await createProblem(
      tx,
      analyst,
      {
        title: '广州越秀店高峰期等位过长 Long waits at GZ-02 at peak hours',
        description: '午晚高峰等位超过 40 分钟的差评集中在越秀店：排队无叫号、上菜慢。',
        ticketIds: tickets.map((t) => t.id),
        rootCauseId: cause('queue'),
        sourceTopic: '排队等位',
        tasks: [
          {
            teamId: team('service'),
            title: '等位安抚话术与补偿口径 Scripts for waiting guests',
            dueAt: at(-38).toISOString(),
          },
          {
            orgUnitId: gz02,
            title: '上线排队叫号并张贴出餐检查表 Queue numbers + serving checklist',
            dueAt: at(-36).toISOString(),
          },
        ],
      },
      at(-45),
    );
    await move(tx, as('agent@savor.example'), id, 1, 'submit', at(-39));
    await move(tx, analyst, id, 1, 'accept', at(-38.5));
    await move(tx, as('south.manager@savor.example'), id, 2, 'submit', at(-37));
    await move(tx, analyst, id, 2, 'accept', at(-36.5));
    const action = await one<{ id: string }>(
      tx,
      sql`SELECT id FROM improvement_actions WHERE tenant_id = ${demo.tenantId} AND ${gz02}::uuid = ANY(org_unit_ids) ORDER BY start_date LIMIT 1`,
    );
    if (action)
      await linkAction(tx, analyst, await getProblem(tx, analyst, id, at(-36)), { actionId: action.id }, at(-36));
    const p = await getProblem(tx, analyst, id, ctx.clock.now());
    try {
      await closeProblem(tx, analyst, p, { by: 'action', note: '排队叫号上线后越秀店 CSAT 显著回升' }, at(-1));
    } catch {
      // The seed's random data did not make the action's effect significant: close on the accepted tasks instead.
      await closeProblem(tx, analyst, p, { by: 'tasks', note: '两项任务均已按时验收' }, at(-1));
    }
  });

  // 2. Takeaway packaging, 10 days ago: 品控部 is 3 days late (escalated), SH-01 is working on it with evidence.
  await ctx.db.transaction(async (tx) => {
    const id = await createProblem(
      tx,
      analyst,
      {
        title: '外卖汤品洒漏投诉上升 Takeaway soup leaks rising',
        description: '外卖渠道“汤洒了”“餐盒漏”的负面评价两周内翻倍。',
        ticketIds: [],
        rootCauseId: cause('packaging'),
        sourceTopic: '外卖包装',
        tasks: [
          {
            teamId: team('quality'),
            title: '评估并更换带卡扣汤碗供应商 Switch to clip-lid soup bowls',
            dueAt: at(-3).toISOString(),
          },
          {
            orgUnitId: sh01,
            title: '打包台增加封口检查 Seal check at the packing counter',
            dueAt: at(5).toISOString(),
          },
        ],
      },
      at(-10),
    );
    const manager = as('sh01.manager@savor.example');
    const p = await getProblem(tx, manager, id, at(-2));
    const task = (await problemTasks(tx, manager, id)).find((t) => t.seq === 2)!;
    await reportProgress(tx, manager, p, task, { progress: 60, note: '已培训 12 名打包员' }, at(-2));
    await addEvidence(
      tx,
      manager,
      p,
      { ...task, status: 'in_progress' },
      { note: '封口检查表已贴在打包台，每单打钩' },
      at(-1),
    );
  });

  // 3. The North region's NPS drop this month: 客服部 submitted, awaiting acceptance; the region's own task is open.
  await ctx.db.transaction(async (tx) => {
    const period = at(0).toISOString().slice(0, 7);
    const id = await createProblem(
      tx,
      analyst,
      {
        title: '华北大区 NPS 下滑 North region NPS drop',
        description: '本月华北大区 NPS 较上月显著下降，口味与分量投诉上升。',
        ticketIds: [],
        rootCauseId: cause('food-quality'),
        sourceMetric: { metric: 'nps', orgUnitId: north, period },
        tasks: [
          {
            teamId: team('service'),
            title: '回访近 30 天贬损客户 Call back last month’s detractors',
            dueAt: at(2).toISOString(),
          },
          { orgUnitId: north, title: '逐店复核出品标准 Store-by-store kitchen review', dueAt: at(9).toISOString() },
        ],
      },
      at(-4),
    );
    await move(tx, as('agent@savor.example'), id, 1, 'submit', at(-1));
  });

  // The overdue sweep marks and escalates the packaging task as the scheduler would have.
  await escalateOverdueTasks(ctx, { tenantId: demo.tenantId });
}
