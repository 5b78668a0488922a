import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { orgScope } from '../../org/scope.ts';
import type { PlanRow, RunRow } from './presenter.ts';

/**
 * Plans with what the console shows. A plan id alone is not a boundary: reads filter the tenant and the caller's
 * subtree through the plan's root unit (`orgScope` on `o`), so a regional admin sees only their regions' plans.
 */
const SELECT = sql`SELECT p.id, p.name, p.kind, p.checklist_id, c.name AS checklist_name, p.root_unit_id,
    o.code AS root_code, o.name AS root_name, o.name_en AS root_name_en, o.path AS root_path, p.unit_kind, p.schedule,
    p.run_once_at, p.weekday, p.month_day, p.sample_size, p.stratify, p.assignee, p.inspector_id,
    u.name AS inspector_name, p.external_name, p.external_email, p.due_days, p.active, p.next_run_at, p.created_at,
    p.updated_at
  FROM audit_plans p
  JOIN org_units o ON o.tenant_id = p.tenant_id AND o.id = p.root_unit_id
  JOIN checklists c ON c.tenant_id = p.tenant_id AND c.id = p.checklist_id
  LEFT JOIN users u ON u.tenant_id = p.tenant_id AND u.id = p.inspector_id`;

/** One plan in the caller's scope; 404 for another tenant's, a missing or an out-of-scope one. */
export async function getPlan(ex: Executor, actor: Actor, id: string, opts: { lock?: boolean } = {}) {
  if (opts.lock)
    await ex.execute(sql`SELECT 1 FROM audit_plans WHERE tenant_id = ${actor.tenantId} AND id = ${id} FOR UPDATE`);
  const p = await one<PlanRow>(
    ex,
    sql`${SELECT} WHERE p.tenant_id = ${actor.tenantId} AND p.id = ${id} AND ${orgScope(actor)}`,
  );
  if (!p) throw notFound('Audit plan');
  return p;
}

/** The caller's plans, active first, by name. */
export async function listPlans(ex: Executor, actor: Actor) {
  return rows<PlanRow>(
    ex,
    sql`${SELECT} WHERE p.tenant_id = ${actor.tenantId} AND ${orgScope(actor)} ORDER BY p.active DESC, p.name, p.id`,
  );
}

/**
 * Runs of plans already read in scope, newest first, with how their audits stand at `now` (overdue: assigned and
 * past due). Audits are counted whatever their unit: the plan's scope was checked on the plan.
 */
export async function planRuns(ex: Executor, tenantId: string, planIds: string[], now: Date, perPlan = 24) {
  if (!planIds.length) return [];
  return rows<RunRow>(
    ex,
    sql`SELECT r.id, r.plan_id, r.period, r.trigger, r.run_at, r.audits,
          count(a.id) FILTER (WHERE a.status = 'submitted') AS submitted,
          count(a.id) FILTER (WHERE a.status = 'assigned' AND (a.due_at IS NULL OR a.due_at >= ${now.toISOString()})) AS assigned,
          count(a.id) FILTER (WHERE a.status = 'assigned' AND a.due_at < ${now.toISOString()}) AS overdue,
          count(a.id) FILTER (WHERE a.status = 'cancelled') AS cancelled
        FROM (SELECT *, row_number() OVER (PARTITION BY plan_id ORDER BY run_at DESC, id) AS rn
              FROM audit_plan_runs WHERE tenant_id = ${tenantId}
                AND plan_id IN (${sql.join(
                  planIds.map((id) => sql`${id}::uuid`),
                  sql`, `,
                )})) r
        LEFT JOIN audits a ON a.tenant_id = r.tenant_id AND a.plan_run_id = r.id
        WHERE r.rn <= ${perPlan}
        GROUP BY r.id, r.plan_id, r.period, r.trigger, r.run_at, r.audits
        ORDER BY r.run_at DESC, r.id`,
  );
}
