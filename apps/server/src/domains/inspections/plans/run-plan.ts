import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../platform/auth.ts';
import { one, rows, sql, type Tx } from '../../../platform/db.ts';
import { pathUnder, pathUnderUnit } from '../../org/scope.ts';
import { tenantTimeZone } from '../../tenancy/queries/tenant-time-zone.ts';
import { createAudit } from '../commands/create-audit.ts';
import { type PlanRow, planSample, planSchedule } from './presenter.ts';
import { drawSample, type PopulationUnit, type Random } from './sample.ts';
import { periodKey } from './schedule.ts';

const DAY = 86400_000;

export interface RunPlanOptions {
  /** The scheduled instant whose period runs (the scheduler's `next_run_at`; "run now": now). */
  at: Date;
  trigger: 'schedule' | 'manual';
  now: Date;
  random: Random;
}

/**
 * Active units of the plan's kind under its root, each with its region (the nearest ancestor of kind `region`;
 * '' for a unit under none) as its stratum.
 */
async function population(tx: Tx, tenantId: string, p: PlanRow): Promise<PopulationUnit[]> {
  return rows<PopulationUnit>(
    tx,
    sql`SELECT o.id, COALESCE((SELECT r.id::text FROM org_units r
                 WHERE r.tenant_id = o.tenant_id AND r.kind = 'region' AND ${pathUnderUnit('o', 'r')} AND r.id <> o.id
                 ORDER BY r.depth DESC LIMIT 1), '') AS stratum
        FROM org_units o
        WHERE o.tenant_id = ${tenantId} AND o.kind = ${p.unit_kind} AND o.status = 'active'
          AND ${pathUnder('o', p.root_path)}`,
  );
}

/** Units the plan audited in its run before `runId` (the previous period), which a sample avoids when it can. */
async function recentlyAudited(tx: Tx, tenantId: string, planId: string, runId: string): Promise<Set<string>> {
  const list = await rows<{ org_unit_id: string }>(
    tx,
    sql`SELECT a.org_unit_id FROM audits a
        WHERE a.tenant_id = ${tenantId} AND a.plan_run_id = (
          SELECT id FROM audit_plan_runs WHERE tenant_id = ${tenantId} AND plan_id = ${planId} AND id <> ${runId}
          ORDER BY run_at DESC, id LIMIT 1)`,
  );
  return new Set(list.map((r) => r.org_unit_id));
}

/**
 * Runs a plan's period once: claims the (plan, period) row — a second claim, from another node, a retried tick or a
 * second "run now", finds it taken and answers the run already made — then draws the units and assigns their
 * audits through `createAudit`, due `dueDays` after the run. `actor` is who runs it (the caller, or the scheduler's
 * tenant-wide actor). Returns the run's id and whether this call made it.
 */
export async function runPlanPeriod(
  tx: Tx,
  actor: Actor,
  p: PlanRow,
  o: RunPlanOptions,
): Promise<{ runId: string; created: boolean }> {
  const tenantId = actor.tenantId;
  const period = await periodKey(tx, await tenantTimeZone(tx, tenantId), planSchedule(p), o.at);
  const claimed = await one<{ id: string }>(
    tx,
    sql`INSERT INTO audit_plan_runs (tenant_id, id, plan_id, period, trigger, run_at)
        VALUES (${tenantId}, ${randomUUID()}, ${p.id}, ${period}, ${o.trigger}, ${o.now.toISOString()})
        ON CONFLICT (tenant_id, plan_id, period) DO NOTHING RETURNING id`,
  );
  if (!claimed) {
    const existing = await one<{ id: string }>(
      tx,
      sql`SELECT id FROM audit_plan_runs WHERE tenant_id = ${tenantId} AND plan_id = ${p.id} AND period = ${period}`,
    );
    return { runId: existing!.id, created: false };
  }
  const units = await population(tx, tenantId, p);
  const sample = planSample(p);
  const chosen =
    sample.mode === 'all'
      ? units.map((u) => u.id).sort()
      : drawSample(
          units,
          {
            size: sample.size,
            stratified: sample.stratify === 'region',
            recent: await recentlyAudited(tx, tenantId, p.id, claimed.id),
          },
          o.random,
        );
  const dueAt = new Date(o.now.getTime() + p.due_days * DAY).toISOString();
  const ids: string[] = [];
  for (const orgUnitId of chosen)
    ids.push(
      await createAudit(
        tx,
        actor,
        {
          checklistId: p.checklist_id,
          orgUnitId,
          kind: p.kind,
          inspectorId: p.assignee === 'internal' ? p.inspector_id : null,
          external:
            p.assignee === 'external' && p.external_name
              ? { name: p.external_name, ...(p.external_email ? { email: p.external_email } : {}) }
              : undefined,
          dueAt,
          planId: p.id,
        },
        o.now,
      ),
    );
  if (ids.length)
    await tx.execute(
      sql`UPDATE audits SET plan_run_id = ${claimed.id} WHERE tenant_id = ${tenantId}
          AND id IN (${sql.join(
            ids.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`,
    );
  await tx.execute(
    sql`UPDATE audit_plan_runs SET audits = ${ids.length} WHERE tenant_id = ${tenantId} AND id = ${claimed.id}`,
  );
  return { runId: claimed.id, created: true };
}
