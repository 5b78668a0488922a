import type { AppContext } from '../../../platform/context.ts';
import { one, rows, sql } from '../../../platform/db.ts';
import { demoActors } from '../../../seed/actors.ts';
import type { DemoTenant } from '../../../seed/demo.ts';
import { prng } from '../../../seed/random.ts';
import { pathUnderUnit } from '../../org/scope.ts';
import { tenantTimeZone } from '../../tenancy/queries/tenant-time-zone.ts';
import { getPlan } from './queries.ts';
import { runPlanPeriod } from './run-plan.ts';
import { drawSample } from './sample.ts';
import { createPlan } from './save-plan.ts';
import { nextRunAfter, periodKey } from './schedule.ts';

const DAY = 86400_000;
const AGENCY = { name: '明察暗访调研公司 Clearview Mystery Shopping', email: 'field@clearview.example' };

interface DemoAudit {
  id: string;
  org_unit_id: string;
  stratum: string;
  created_at: Date | string;
}

/**
 * Audit plans in the demo: HQ's monthly mystery shop of four stores stratified by region, worked by an outside
 * agency, and the monthly self-inspection of every store. Their two past months are the audits the inspections step
 * already made (linked to the plans, one run per month; the mystery shops a run drew become the agency's), and the
 * current month's runs were made a few days ago, their audits still open.
 */
export async function seedAuditPlans(ctx: AppContext, demo: DemoTenant): Promise<void> {
  if (await one(ctx.db, sql`SELECT 1 FROM audit_plans WHERE tenant_id = ${demo.tenantId}`)) return;
  const checklist = await one<{ id: string }>(
    ctx.db,
    sql`SELECT id FROM checklists WHERE tenant_id = ${demo.tenantId} ORDER BY created_at LIMIT 1`,
  );
  if (!checklist) return;
  const analyst = (await demoActors(ctx.db, demo.tenantId))('analyst@savor.example');
  const now = ctx.clock.now();
  const rand = prng(demo.seed + 69);
  const tz = await tenantTimeZone(ctx.db, demo.tenantId);
  const monthly = { every: 'monthly' as const, day: 1 };
  const common = { checklistId: checklist.id, rootUnitId: demo.rootId, unitKind: 'store', schedule: monthly };
  const started = new Date(now.getTime() - 70 * DAY);
  const [mystery, self] = await ctx.db.transaction(async (tx) => [
    await createPlan(
      tx,
      analyst,
      {
        ...common,
        name: '月度神秘顾客（按大区分层抽 4 店） Monthly mystery shop',
        kind: 'mystery_shop',
        sample: { mode: 'sample', size: 4, stratify: 'region' },
        assignee: { type: 'external', ...AGENCY },
        dueDays: 14,
        active: true,
      },
      started,
    ),
    await createPlan(
      tx,
      analyst,
      {
        ...common,
        name: '门店月度自检 Monthly store self-inspection',
        kind: 'self_inspection',
        sample: { mode: 'all' },
        assignee: { type: 'unit' },
        dueDays: 10,
        active: true,
      },
      started,
    ),
  ]);
  const audits = await rows<DemoAudit & { kind: string }>(
    ctx.db,
    sql`SELECT a.id, a.org_unit_id, a.kind, a.created_at, COALESCE((SELECT r.id::text FROM org_units r
          WHERE r.tenant_id = o.tenant_id AND r.kind = 'region' AND ${pathUnderUnit('o', 'r')} LIMIT 1), '') AS stratum
        FROM audits a JOIN org_units o ON o.tenant_id = a.tenant_id AND o.id = a.org_unit_id
        WHERE a.tenant_id = ${demo.tenantId} AND a.status = 'submitted' AND a.kind IN ('mystery_shop','self_inspection')
        ORDER BY a.created_at, a.id`,
  );
  const current = await periodKey(ctx.db, tz, monthly, now);
  const byPeriod = new Map<string, typeof audits>();
  for (const a of audits) {
    const key = `${a.kind}|${await periodKey(ctx.db, tz, monthly, new Date(a.created_at))}`;
    if (!key.endsWith(current)) byPeriod.set(key, [...(byPeriod.get(key) ?? []), a]);
  }
  await ctx.db.transaction(async (tx) => {
    for (const [key, list] of [...byPeriod].sort(([a], [b]) => a.localeCompare(b))) {
      const [kind, period] = key.split('|');
      const isMystery = kind === 'mystery_shop';
      // One audit per store a month; the mystery plan's run drew four of them, one or more per region.
      const first = list.filter((a, i) => list.findIndex((b) => b.org_unit_id === a.org_unit_id) === i);
      const drawn = isMystery
        ? new Set(
            drawSample(
              first.map((a) => ({ id: a.org_unit_id, stratum: a.stratum })),
              { size: 4, stratified: true, recent: new Set() },
              rand.next,
            ),
          )
        : null;
      const linked = first.filter((a) => !drawn || drawn.has(a.org_unit_id));
      const runAt = new Date(Math.min(...linked.map((a) => new Date(a.created_at).getTime())));
      const planId = isMystery ? mystery : self;
      const run = await one<{ id: string }>(
        tx,
        sql`INSERT INTO audit_plan_runs (tenant_id, id, plan_id, period, trigger, run_at, audits)
            VALUES (${demo.tenantId}, gen_random_uuid(), ${planId}, ${period}, 'schedule', ${runAt.toISOString()},
              ${linked.length}) RETURNING id`,
      );
      for (const a of linked)
        await tx.execute(
          sql`UPDATE audits SET plan_id = ${planId}, plan_run_id = ${run!.id},
                inspector_id = ${isMystery ? null : sql`inspector_id`},
                external_name = ${isMystery ? AGENCY.name : null}, external_email = ${isMystery ? AGENCY.email : null}
              WHERE tenant_id = ${demo.tenantId} AND id = ${a.id}`,
        );
    }
    // This month's runs, made three days ago as the scheduler would have; the next on the 1st of next month.
    for (const id of [mystery, self]) {
      const p = await getPlan(tx, analyst, id);
      const ranAt = new Date(Math.max(started.getTime(), now.getTime() - 3 * DAY));
      await runPlanPeriod(tx, analyst, p, { at: now, trigger: 'schedule', now: ranAt, random: rand.next });
      const next = await nextRunAfter(tx, tz, monthly, now);
      await tx.execute(
        sql`UPDATE audit_plans SET next_run_at = ${next.toISOString()} WHERE tenant_id = ${demo.tenantId} AND id = ${id}`,
      );
    }
  });
}
