import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import { demoActors } from '../../seed/actors.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { prng } from '../../seed/random.ts';
import { publishSurvey } from '../surveys/commands/change-survey-status.ts';
import { createSurvey } from '../surveys/commands/save-survey.ts';
import { addDiaryEntry } from './commands/diary.ts';
import { memberAssignment, submitReport } from './commands/portal.ts';
import { reviewSubmission } from './commands/review.ts';
import { createTask } from './commands/tasks.ts';
import { getSubmission, memberForPortal } from './queries.ts';

const DAY = 86400_000;

/** A small diary survey: how today's new dish tasted, what the member noticed, whether they would order it again. */
const DIARY = {
  locale: 'zh-cn',
  elements: [
    // Buttons, never the narrow-screen dropdown: a diary is written on a phone, one tap per answer.
    {
      type: 'rating',
      name: 'taste',
      title: '今天的新品口味打几分？',
      isRequired: true,
      rateMin: 1,
      rateMax: 5,
      displayMode: 'buttons',
    },
    { type: 'comment', name: 'notes', title: '记录一下今天的体验', isRequired: true },
    {
      type: 'radiogroup',
      name: 'again',
      title: '还会再点吗？',
      choices: [
        { value: 'yes', text: '会' },
        { value: 'no', text: '不会' },
      ],
    },
  ],
};

const NOTES = [
  '椒麻鸡今天偏咸，米饭配着吃刚好，服务员主动加了茶。',
  '出餐比上次快，十分钟就上齐了，分量足。',
  '新品甜品太甜，建议少糖版本，摆盘很好看。',
  '午市排队二十分钟，等位区没有座位，体验一般。',
  '酸汤鱼很开胃，鱼片嫩，汤底可以再酸一点。',
  '小程序点单后取餐号叫得不清楚，差点错过。',
  '周末带孩子来，儿童餐具齐全，店员很耐心。',
  '今天的凉菜不够冰，口感打了折扣。',
  '新品套餐性价比高，和同事都觉得值得推荐。',
  '桌面有油渍，提醒后马上擦了，态度不错。',
];

/**
 * A survey-backed daily diary in the demo (step 82, after the panel of 77 and its rewards of 81): the 新品体验日记
 * survey, published through the surveys domain, and a two-week daily diary task for eight active members, answered
 * through the real diary command at past times — entries on most days, each a response of the survey at the
 * task's store with the member's customer reference. Members submit once they have five to seven entries; earlier
 * submissions are approved (points through the ledger), the latest wait for review, two members are still
 * writing. Idempotent.
 */
export async function seedPanelDiary(ctx: AppContext, demo: DemoTenant): Promise<void> {
  const panel = await one<{ id: string }>(
    ctx.db,
    sql`SELECT id FROM panels WHERE tenant_id = ${demo.tenantId} AND name = '体验达人计划'`,
  );
  if (!panel) return;
  if (await one(ctx.db, sql`SELECT 1 FROM panel_tasks WHERE tenant_id = ${demo.tenantId} AND survey_id IS NOT NULL`))
    return;
  const as = await demoActors(ctx.db, demo.tenantId);
  const owner = as('owner@savor.example');
  const rand = prng(demo.seed + 82);
  const now = ctx.clock.now().getTime();
  const created = new Date(now - 14 * DAY);
  const unit = await one<{ id: string }>(
    ctx.db,
    sql`SELECT t.org_unit_id AS id FROM panel_tasks t WHERE t.tenant_id = ${demo.tenantId} AND t.panel_id = ${panel.id}
        AND t.org_unit_id IS NOT NULL ORDER BY t.created_at DESC LIMIT 1`,
  );
  const members = await rows<{ id: string }>(
    ctx.db,
    sql`SELECT id FROM panel_members WHERE tenant_id = ${demo.tenantId} AND panel_id = ${panel.id} AND status = 'active'
        ORDER BY earned DESC, id LIMIT 8`,
  );
  if (members.length < 4) return;
  const task = await ctx.db.transaction(async (tx) => {
    const survey = await createSurvey(tx, owner, { name: '新品体验日记', definition: DIARY, bindings: {} });
    await publishSurvey(tx, owner, survey.id);
    return createTask(
      tx,
      owner,
      panel.id,
      {
        title: '新品体验日记（两周）',
        kind: 'online',
        instructions: '两周内每天到店或外卖品尝一次新品，当天写一篇体验日记；写满 5 篇即可提交审核。',
        orgUnitId: unit?.id,
        checkInRequired: false,
        radiusM: 500,
        minPhotos: 0,
        fields: [],
        surveyId: survey.id,
        entries: 'daily',
        minEntries: 5,
        points: 150,
        dueAt: new Date(now + 2 * DAY).toISOString(),
        assignTo: { kind: 'members', memberIds: members.map((m) => m.id) },
      },
      created,
    );
  });
  const assignments = await rows<{ id: string; member_id: string }>(
    ctx.db,
    sql`SELECT id, member_id FROM panel_task_assignments WHERE tenant_id = ${demo.tenantId} AND task_id = ${task.id} ORDER BY id`,
  );
  for (const [i, a] of assignments.entries()) {
    const member = await memberForPortal(ctx.db, demo.tenantId, a.member_id);
    if (!member) continue;
    // The last two keep writing (fewer entries, not submitted); the others submit after five to seven.
    const target = i >= assignments.length - 2 ? 3 : 5 + Math.floor(rand.next() * 3);
    let written = 0;
    let last = created;
    for (let d = 1; d <= 13 && written < target; d++) {
      if (rand.next() > 0.75) continue;
      const at = new Date(created.getTime() + d * DAY + (3 + Math.floor(rand.next() * 8)) * 3600_000);
      if (at.getTime() > now) break;
      await ctx.db.transaction(async (tx) => {
        const row = await memberAssignment(tx, demo.tenantId, a.member_id, a.id);
        await addDiaryEntry(
          ctx,
          tx,
          demo.tenantId,
          member,
          row,
          {
            answers: {
              taste: 2 + Math.floor(rand.next() * 4),
              notes: NOTES[Math.floor(rand.next() * NOTES.length)],
              again: rand.next() < 0.75 ? 'yes' : 'no',
            },
            idempotencyKey: `demo-diary-${a.id}-${d}`,
          },
          at,
        );
      });
      written++;
      last = at;
    }
    if (written < target || target < 5) continue;
    const submittedAt = new Date(last.getTime() + 3600_000);
    const subId = await ctx.db.transaction(async (tx) =>
      submitReport(
        tx,
        demo.tenantId,
        await memberAssignment(tx, demo.tenantId, a.member_id, a.id),
        { answers: {} },
        submittedAt,
      ),
    );
    // Reviewed the next day, unless that is still ahead: the latest submissions wait in the review queue.
    const reviewedAt = new Date(submittedAt.getTime() + DAY);
    if (reviewedAt.getTime() > now - 3600_000) continue;
    await ctx.db.transaction(async (tx) => {
      const s = await getSubmission(tx, owner, subId, { lock: true });
      await reviewSubmission(tx, owner, s, { decision: 'approve' }, '体验达人计划', reviewedAt);
    });
  }
}
