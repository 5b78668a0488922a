import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { one, rows, sql } from '../../../platform/db.ts';
import { tenantTimeZone } from '../../tenancy/queries/tenant-time-zone.ts';
import { planSchedule } from './presenter.ts';
import { getPlan } from './queries.ts';
import { runPlanPeriod } from './run-plan.ts';
import type { Random } from './sample.ts';
import { nextRunAfter } from './schedule.ts';

/** Plans one tick handles at most; the rest wait for the next tick. */
const BATCH = 50;

export interface RunDueOptions {
  /** Only these tenants' plans (tests on a shared database). */
  tenantIds?: string[];
  random?: Random;
}

/**
 * The tenant acting through its plans: owner rights over the whole organisation, so a scheduled run does not depend
 * on the person who wrote the plan still being around.
 */
async function planActor(ctx: AppContext, tenantId: string): Promise<Actor | null> {
  const root = await one<{ id: string; path: string }>(
    ctx.db,
    sql`SELECT id, path FROM org_units WHERE tenant_id = ${tenantId} AND parent_id IS NULL ORDER BY created_at LIMIT 1`,
  );
  return root
    ? { tenantId, kind: 'apiKey', id: tenantId, role: 'owner', orgUnitId: root.id, orgPath: root.path }
    : null;
}

/**
 * The scheduled task: runs every active plan whose `next_run_at` has come, each in its own transaction with the
 * plan row locked (SKIP LOCKED: a plan another node is running is left to it), for the period `next_run_at` falls
 * in, and moves `next_run_at` to the next weekday or month day after now (a one-off plan: to NULL). Returns how
 * many plans it ran.
 */
export async function runDuePlans(ctx: AppContext, opts: RunDueOptions = {}): Promise<number> {
  const now = ctx.clock.now();
  const tenants = opts.tenantIds
    ? sql`AND tenant_id IN (${sql.join(
        opts.tenantIds.map((t) => sql`${t}::uuid`),
        sql`, `,
      )})`
    : sql``;
  const due = await rows<{ tenant_id: string; id: string }>(
    ctx.db,
    sql`SELECT tenant_id, id FROM audit_plans WHERE active AND next_run_at <= ${now.toISOString()} ${tenants}
        ORDER BY next_run_at LIMIT ${BATCH}`,
  );
  let ran = 0;
  const failed: unknown[] = [];
  for (const d of due) {
    const actor = await planActor(ctx, d.tenant_id);
    if (!actor) continue;
    // One plan that cannot run (its checklist archived since) must not hold back the plans due after it.
    ran += await ctx.db
      .transaction(async (tx) => {
        const locked = await one<{ next_run_at: Date | string }>(
          tx,
          sql`SELECT next_run_at FROM audit_plans WHERE tenant_id = ${d.tenant_id} AND id = ${d.id}
              AND active AND next_run_at <= ${now.toISOString()} FOR UPDATE SKIP LOCKED`,
        );
        if (!locked) return 0;
        const p = await getPlan(tx, actor, d.id);
        await runPlanPeriod(tx, actor, p, {
          at: new Date(locked.next_run_at),
          trigger: 'schedule',
          now,
          random: opts.random ?? Math.random,
        });
        const s = planSchedule(p);
        const next = s.every === 'once' ? null : await nextRunAfter(tx, await tenantTimeZone(tx, d.tenant_id), s, now);
        await tx.execute(
          sql`UPDATE audit_plans SET next_run_at = ${next?.toISOString() ?? null}
            WHERE tenant_id = ${d.tenant_id} AND id = ${d.id}`,
        );
        return 1;
      })
      .catch((err: unknown) => {
        failed.push(err);
        return 0;
      });
  }
  if (failed.length) throw new AggregateError(failed, `${failed.length} audit plan(s) failed to run`);
  return ran;
}
