import { type TQuestion, ZQuestionInput } from '@loopcx/shared';
import type { Actor } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import { demoActors } from '../../seed/actors.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { prng } from '../../seed/random.ts';
import { assignFromAudit } from './commands/assign-from-audit.ts';
import { createQuiz } from './commands/save-quiz.ts';
import { submitAttempt } from './commands/submit-attempt.ts';
import { FOOD_SAFETY, FOOD_SAFETY_ITEMS, SERVICE_BASICS, SERVICE_ITEMS } from './demo-quizzes.ts';
import { assignFromAuditJob } from './jobs.ts';
import { getAssignment } from './queries/assignments.ts';
import { quizVersion } from './queries/quizzes.ts';

const DAY = 86400_000;

/** Frontline staff (role agent) of four audited stores; they sign in with the demo password. */
export const DEMO_STAFF: Array<{ email: string; name: string; unit: string }> = [
  { email: 'sz03.chef@savor.example', name: '周厨师 (SZ-03 cook)', unit: 'SZ-03' },
  { email: 'sz03.waiter@savor.example', name: '吴服务员 (SZ-03 waiter)', unit: 'SZ-03' },
  { email: 'sz03.host@savor.example', name: '郑迎宾 (SZ-03 host)', unit: 'SZ-03' },
  { email: 'sh01.waiter@savor.example', name: '孙服务员 (SH-01 waiter)', unit: 'SH-01' },
  { email: 'gz02.waiter@savor.example', name: '何服务员 (GZ-02 waiter)', unit: 'GZ-02' },
  { email: 'gz02.chef@savor.example', name: '罗厨师 (GZ-02 cook)', unit: 'GZ-02' },
  { email: 'bj01.waiter@savor.example', name: '高服务员 (BJ-01 waiter)', unit: 'BJ-01' },
];

/** One answer to a question: right (the correct values) or a plausible wrong one. */
function answerOf(q: TQuestion, right: boolean, pick: (n: number) => number) {
  if (right) return { code: q.code, values: q.correct };
  if (q.type === 'true_false') return { code: q.code, values: [q.correct[0] === 'true' ? 'false' : 'true'] };
  if (q.type === 'multiple') return { code: q.code, values: q.correct.slice(0, q.correct.length - 1) };
  const wrong = q.choices.filter((c) => !q.correct.includes(c.value));
  return { code: q.code, values: [wrong[pick(wrong.length)].value] };
}

/**
 * Training in the demo (step 73), through the real commands at past times: HQ's two quizzes for the dining
 * mystery-shop checklist (food safety on its fatal food items, service basics on its general service items),
 * frontline staff in four stores, and the assignments the audits' failures made (the job run at each audit's
 * submit time), taken over the following days: SZ-03's staff know less (lower pass rate, more not started, so
 * overdue), the others mostly pass, some after a retake. Idempotent: a tenant with quizzes is left as it is.
 */
export async function seedTraining(ctx: AppContext, demo: DemoTenant): Promise<void> {
  if (await one(ctx.db, sql`SELECT 1 FROM training_quizzes WHERE tenant_id = ${demo.tenantId}`)) return;
  // The audits' submits wrote the assignment job; this step runs it at each audit's own time instead.
  await ctx.db.execute(sql`DELETE FROM jobs WHERE tenant_id = ${demo.tenantId} AND kind = ${assignFromAuditJob.kind}`);
  const checklist = await one<{ id: string }>(
    ctx.db,
    sql`SELECT id FROM checklists WHERE tenant_id = ${demo.tenantId} ORDER BY created_at LIMIT 1`,
  );
  if (!checklist) return;
  const now = ctx.clock.now().getTime();
  await ctx.db.execute(
    sql`INSERT INTO users (tenant_id, id, email, name, password_hash, role, org_unit_id, created_at)
        SELECT ${demo.tenantId}, gen_random_uuid(), s.email, s.name, o.password_hash, 'agent', u.id, ${new Date(now - 90 * DAY).toISOString()}
        FROM jsonb_to_recordset(${JSON.stringify(DEMO_STAFF)}::jsonb) AS s(email text, name text, unit text)
        JOIN org_units u ON u.tenant_id = ${demo.tenantId} AND u.code = s.unit
        CROSS JOIN (SELECT password_hash FROM users WHERE tenant_id = ${demo.tenantId} AND email = 'owner@savor.example') o
        ON CONFLICT (tenant_id, email) DO NOTHING`,
  );
  const as = await demoActors(ctx.db, demo.tenantId);
  const analyst = as('analyst@savor.example');
  const created = new Date(now - 65 * DAY);
  await ctx.db.transaction(async (tx) => {
    const base = { checklistId: checklist.id, maxAttempts: 3 };
    await createQuiz(
      tx,
      analyst,
      {
        ...base,
        name: '食品安全必知',
        nameEn: 'Food safety essentials',
        description: '保质期、冷藏、异物与处置。对应神秘顾客检查的食品安全致命项。',
        passMark: 80,
        questions: ZQuestionInput.array().parse(FOOD_SAFETY),
        itemCodes: FOOD_SAFETY_ITEMS,
      },
      created,
    );
    await createQuiz(
      tx,
      analyst,
      {
        ...base,
        name: '堂食服务基础',
        nameEn: 'Dine-in service basics',
        description: '迎宾、点餐、上菜、道别的标准动作。',
        passMark: 70,
        questions: ZQuestionInput.array().parse(SERVICE_BASICS),
        itemCodes: SERVICE_ITEMS,
      },
      created,
    );
  });

  const audits = await rows<{ id: string; submitted_at: Date | string }>(
    ctx.db,
    sql`SELECT a.id, a.submitted_at FROM audits a WHERE a.tenant_id = ${demo.tenantId} AND a.status = 'submitted'
          AND EXISTS (SELECT 1 FROM audit_results r WHERE r.tenant_id = a.tenant_id AND r.audit_id = a.id AND r.result = 'fail')
        ORDER BY a.submitted_at, a.id`,
  );
  for (const a of audits) {
    const at = new Date(new Date(a.submitted_at).getTime() + 60_000);
    await assignFromAudit({ ...ctx, clock: { now: () => at } }, demo.tenantId, a.id);
  }
  await takeQuizzes(ctx, demo, as, now);
}

/** Staff take their assignments over the days after: how well depends on the store (SZ-03 worse). */
async function takeQuizzes(ctx: AppContext, demo: DemoTenant, as: (email: string) => Actor, now: number) {
  const rand = prng(demo.seed + 73);
  const list = await rows<{ id: string; email: string; code: string; quiz_id: string; assigned_at: Date | string }>(
    ctx.db,
    sql`SELECT t.id, u.email, o.code, t.quiz_id, t.assigned_at FROM training_assignments t
        JOIN users u ON u.tenant_id = t.tenant_id AND u.id = t.user_id
        JOIN org_units o ON o.tenant_id = t.tenant_id AND o.id = t.org_unit_id
        WHERE t.tenant_id = ${demo.tenantId} ORDER BY t.assigned_at, t.id`,
  );
  for (const t of list) {
    const weak = t.code === 'SZ-03';
    if (rand.chance(weak ? 0.25 : 0.1)) continue;
    const actor = as(t.email);
    let at = new Date(t.assigned_at).getTime() + rand.int(6, 100) * 3600_000;
    let knows = weak ? 0.55 : 0.82;
    for (let n = 1; n <= 3 && at < now; n++) {
      const passed = await ctx.db.transaction(async (tx) => {
        const when = new Date(at);
        const a = await getAssignment(tx, actor, t.id, when, { lock: true, canRead: false });
        const quiz = await one<{ version: number }>(
          tx,
          sql`SELECT version FROM training_quizzes WHERE tenant_id = ${demo.tenantId} AND id = ${t.quiz_id}`,
        );
        const v = (await quizVersion(tx, demo.tenantId, t.quiz_id, quiz!.version))!;
        const answers = v.questions.map((q) => answerOf(q, rand.chance(knows), (k) => rand.int(0, k - 1)));
        return (await submitAttempt(tx, actor, a, { answers }, when)).attempt.passed;
      });
      if (passed) break;
      knows += 0.15;
      at += rand.int(12, 48) * 3600_000;
    }
  }
}
