import { randomUUID } from 'node:crypto';
import { dayIn, lastCompletedPeriod } from '@loopcx/shared';
import type { AppContext } from '../../platform/context.ts';
import { one, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { runReport } from './commands/run-reports.ts';
import { deliverReportJob } from './jobs.ts';
import { textArray } from './schema.ts';

/**
 * The East region manager's monthly report: mailed to them and to the region's operations list, with last month's
 * report really rendered and stored (download it from the history) and marked sent on the 1st at 08:00.
 */
export async function seedReports(ctx: AppContext, demo: DemoTenant) {
  const manager = demo.users.get('east.manager@savor.example');
  const east = demo.units.get('EAST');
  if (!manager || !east) return;
  if (await one(ctx.db, sql`SELECT 1 FROM report_schedules WHERE tenant_id = ${demo.tenantId}`)) return;
  const tz = (await one<{ timezone: string }>(ctx.db, sql`SELECT timezone FROM tenants WHERE id = ${demo.tenantId}`))!
    .timezone;
  const period = lastCompletedPeriod('month', dayIn(tz, ctx.clock.now()));
  const id = randomUUID();
  const runId = randomUUID();
  await ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`INSERT INTO report_schedules (tenant_id, id, name, org_unit_id, every, recipient_user_ids, recipient_emails, locale, created_by, created_at)
          VALUES (${demo.tenantId}, ${id}, '华东大区月报 East region monthly', ${east.id}, 'month', ${`{${manager}}`}::uuid[],
            ${textArray(['east-ops@savor.example'])}, 'zh-CN', ${manager}, now() - interval '40 days')`,
    );
    await tx.execute(
      sql`INSERT INTO report_runs (tenant_id, id, schedule_id, period) VALUES (${demo.tenantId}, ${runId}, ${id}, ${period})`,
    );
  });
  await runReport(ctx, demo.tenantId, runId);
  // The demo has no mail server: the two copies went out on the 1st (marked sent, their jobs dropped).
  await ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`DELETE FROM jobs WHERE tenant_id = ${demo.tenantId} AND kind = ${deliverReportJob.kind} AND payload->>'runId' = ${runId}`,
    );
    const sentAt = sql`((date_trunc('month', now() AT TIME ZONE ${tz}) + interval '8 hours') AT TIME ZONE ${tz})`;
    await tx.execute(
      sql`UPDATE report_runs SET started_at = ${sentAt}, finished_at = ${sentAt} + interval '3 seconds'
          WHERE tenant_id = ${demo.tenantId} AND id = ${runId}`,
    );
    await tx.execute(
      sql`UPDATE report_deliveries SET sent_at = ${sentAt} + interval '5 seconds' WHERE tenant_id = ${demo.tenantId} AND run_id = ${runId}`,
    );
  });
}
