import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import { demoActors } from '../../seed/actors.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { createAudit } from './commands/create-audit.ts';
import { raiseRepeatProblems } from './commands/raise-repeat-problems.ts';
import { submitAudit } from './commands/submit-audit.ts';
import { repeatFailuresJob } from './jobs.ts';
import { getAudit } from './queries/audits.ts';
import { checklistItems } from './queries/checklists.ts';

const DAY = 86400_000;
/** Shenzhen sampling checks of the last three weeks: slow first dishes (SRV-1) in every SZ store. */
const SZ_CHECKS: Array<[string, number, string]> = [
  ['SZ-01', 19, '午市高峰首道菜 22 分钟上桌，后厨出餐口积压。'],
  ['SZ-02', 12, '首道菜 19 分钟，服务员未告知延迟原因。'],
  ['SZ-03', 5, '首道菜 26 分钟，顾客两次催菜。'],
];

/**
 * Demo step 71, closing the QA loop: the analyst owns the dine-in checklist as its process owner; sampling checks in
 * the Shenzhen stores fail "first dish within 15 minutes"; the repeat rule runs for every audit with a general
 * failure at its submit time (as the worker would have), raising that problem; an alert rule on the fatal error
 * rate of stores; and a shared "store audits" dashboard ranking stores by fatal error rate.
 */
export async function seedAuditLoop(ctx: AppContext, demo: DemoTenant): Promise<void> {
  const c = await one<{ id: string; version: number; owner_id: string | null }>(
    ctx.db,
    sql`SELECT id, version, owner_id FROM checklists WHERE tenant_id = ${demo.tenantId} ORDER BY created_at LIMIT 1`,
  );
  if (!c || c.owner_id) return;
  const as = await demoActors(ctx.db, demo.tenantId);
  const analyst = as('analyst@savor.example');
  const owner = as('owner@savor.example');
  await ctx.db.execute(
    sql`UPDATE checklists SET owner_id = ${analyst.id} WHERE tenant_id = ${demo.tenantId} AND id = ${c.id}`,
  );
  const items = await checklistItems(ctx.db, demo.tenantId, c.id, c.version);
  const now = ctx.clock.now().getTime();
  for (const [code, daysAgo, note] of SZ_CHECKS) {
    const unit = demo.units.get(code);
    if (!unit) continue;
    const at = new Date(now - daysAgo * DAY);
    await ctx.db.transaction(async (tx) => {
      const id = await createAudit(
        tx,
        owner,
        { checklistId: c.id, orgUnitId: unit.id, kind: 'sampling', inspectorId: owner.id, dueAt: at.toISOString() },
        new Date(at.getTime() - 3 * DAY),
      );
      const results = items.map((i) =>
        i.code === 'SRV-1'
          ? { code: i.code, result: 'fail' as const, note }
          : { code: i.code, result: 'pass' as const },
      );
      await submitAudit(tx, owner, await getAudit(tx, owner, id, { lock: true }), items, { results }, at);
    });
  }
  // The repeat-failure jobs the submits wrote, run now in submit order at each audit's time.
  const failed = await rows<{ id: string; submitted_at: Date | string }>(
    ctx.db,
    sql`SELECT id, submitted_at FROM audits WHERE tenant_id = ${demo.tenantId} AND status = 'submitted'
        AND general_failed > 0 ORDER BY submitted_at, id`,
  );
  for (const a of failed) {
    const clock = { now: () => new Date(new Date(a.submitted_at).getTime() + 60_000) };
    await raiseRepeatProblems({ ...ctx, clock }, demo.tenantId, a.id);
  }
  await ctx.db.execute(sql`DELETE FROM jobs WHERE tenant_id = ${demo.tenantId} AND kind = ${repeatFailuresJob.kind}`);

  // Written as rows (the alerts and dashboards domains read the metrics engine, which reads this domain: importing
  // their commands here would close an import cycle); both shapes are what their routes accept.
  const at = ctx.clock.now().toISOString();
  const condition = {
    metric: 'audit.fatal_error_rate',
    windowDays: 30,
    op: '>',
    threshold: 20,
    minN: 2,
    unitKind: 'store',
  };
  await ctx.db.execute(
    sql`INSERT INTO alert_rules (tenant_id, id, name, kind, enabled, scope, condition, actions, created_by)
        VALUES (${demo.tenantId}, ${randomUUID()}, '门店稽核致命差错率超过 20% Store fatal error rate above 20%', 'metric',
          true, '{}'::jsonb, ${JSON.stringify(condition)}::jsonb, ${JSON.stringify({ notify: { inApp: true, emails: [] } })}::jsonb,
          ${analyst.id})`,
  );
  const config = {
    metrics: ['audit.fatal_error_rate', 'audit.general_error_rate', 'audit.score'],
    orgUnitId: null,
    touchpointId: null,
    period: { days: 60 },
    rankMetric: 'audit.fatal_error_rate',
    sections: ['tiles', 'ranking'],
  };
  await ctx.db.execute(
    sql`INSERT INTO saved_dashboards (tenant_id, id, owner_id, name, description, config, shared, created_at, updated_at)
        VALUES (${demo.tenantId}, ${randomUUID()}, ${analyst.id}, '门店稽核 Store audits',
          '近 60 天各门店稽核致命差错率排名；点门店看检查项，点检查项看不合格稽核与证据', ${JSON.stringify(config)}::jsonb,
          true, ${at}, ${at})`,
  );
}
