import { randomUUID } from 'node:crypto';
import type { TAuditPlanPatch, TPlanAssignee, TPlanSample, TPlanSchedule, ZNewAuditPlan } from '@loopcx/shared';
import type { z } from 'zod';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { one, sql, type Tx } from '../../../platform/db.ts';
import { conflict, invalid } from '../../../platform/errors.ts';
import { requireUnitInScope } from '../../org/scope.ts';
import { tenantTimeZone } from '../../tenancy/queries/tenant-time-zone.ts';
import type { PlanRow } from './presenter.ts';
import { planSample, planSchedule } from './presenter.ts';
import { nextRunAfter } from './schedule.ts';

type NewPlan = z.output<typeof ZNewAuditPlan>;

interface PlanFields {
  name: string;
  kind: NewPlan['kind'];
  checklistId: string;
  rootUnitId: string;
  unitKind?: string;
  schedule: TPlanSchedule;
  sample: TPlanSample;
  assignee: TPlanAssignee;
  dueDays: number;
  active: boolean;
}

/**
 * Checks a plan as it will run: the root unit in the caller's scope, a live checklist that applies to the unit kind,
 * an assignee that fits the kind (the unit itself only self-inspects; an outsider never does) and an internal
 * inspector who is a user of the tenant. Returns the unit kind to store.
 */
async function validate(tx: Tx, actor: Actor, f: PlanFields): Promise<string> {
  await requireUnitInScope(tx, actor, f.rootUnitId);
  const c = await one<{ archived: boolean; unit_kinds: string[] }>(
    tx,
    sql`SELECT archived, unit_kinds FROM checklists WHERE tenant_id = ${actor.tenantId} AND id = ${f.checklistId}`,
  );
  if (!c) throw invalid('checklistId', 'no such checklist');
  if (c.archived) throw conflict('The checklist is archived', 'checklistId');
  const unitKind = f.unitKind ?? c.unit_kinds[0] ?? 'store';
  if (c.unit_kinds.length && !c.unit_kinds.includes(unitKind))
    throw invalid('unitKind', `the checklist applies to units of kind ${c.unit_kinds.join(', ')}`);
  if (f.assignee.type === 'unit' && f.kind !== 'self_inspection')
    throw invalid('assignee', 'only a self-inspection is assigned to the audited unit itself');
  if (f.assignee.type === 'external' && f.kind === 'self_inspection')
    throw invalid('assignee', 'a self-inspection is done by the unit itself, not by an external inspector');
  if (
    f.assignee.type === 'internal' &&
    !(await one(tx, sql`SELECT 1 FROM users WHERE tenant_id = ${actor.tenantId} AND id = ${f.assignee.userId}`))
  )
    throw invalid('assignee.userId', 'not a user of this tenant');
  return unitKind;
}

/** The columns a plan's fields set (schedule, sample and assignee spread over their own columns). */
function columns(f: PlanFields, unitKind: string): Array<[string, string | number | boolean | null]> {
  const s = f.schedule;
  const a = f.assignee;
  return [
    ['name', f.name],
    ['kind', f.kind],
    ['checklist_id', f.checklistId],
    ['root_unit_id', f.rootUnitId],
    ['unit_kind', unitKind],
    ['schedule', s.every],
    ['run_once_at', s.every === 'once' ? (s.at ?? null) : null],
    ['weekday', s.every === 'weekly' ? s.weekday : null],
    ['month_day', s.every === 'monthly' ? s.day : null],
    ['sample_size', f.sample.mode === 'sample' ? f.sample.size : null],
    ['stratify', f.sample.mode === 'sample' ? f.sample.stratify : null],
    ['assignee', a.type],
    ['inspector_id', a.type === 'internal' ? a.userId : null],
    ['external_name', a.type === 'external' ? a.name : null],
    ['external_email', a.type === 'external' ? (a.email ?? null) : null],
    ['due_days', f.dueDays],
    ['active', f.active],
  ];
}

/** Creates a plan; its first scheduled run is the next weekday or month day after now (or `at` for a one-off). */
export async function createPlan(tx: Tx, actor: Actor, b: NewPlan, now: Date): Promise<string> {
  const unitKind = await validate(tx, actor, b);
  const id = randomUUID();
  const next = await nextRunAfter(tx, await tenantTimeZone(tx, actor.tenantId), b.schedule, now);
  const cols = columns(b, unitKind);
  await tx.execute(
    sql`INSERT INTO audit_plans (tenant_id, id, ${sql.raw(cols.map(([c]) => c).join(', '))}, next_run_at, created_by,
          created_at, updated_at)
        VALUES (${actor.tenantId}, ${id}, ${sql.join(
          cols.map(([, v]) => sql`${v}`),
          sql`, `,
        )}, ${next.toISOString()}, ${actor.kind === 'user' ? actor.id : null}, ${now.toISOString()}, ${now.toISOString()})`,
  );
  await audit(tx, actor, 'audit_plan.create', 'audit_plan', id, b);
  return id;
}

/**
 * Pauses, resumes or changes a plan's future runs. A changed schedule or a resume sets the next run from now; a
 * one-off plan that already ran stays done unless its schedule changes.
 */
export async function updatePlan(tx: Tx, actor: Actor, p: PlanRow, b: TAuditPlanPatch, now: Date): Promise<void> {
  const current: PlanFields = {
    name: p.name,
    kind: p.kind,
    checklistId: p.checklist_id,
    rootUnitId: p.root_unit_id,
    unitKind: p.unit_kind,
    schedule: planSchedule(p),
    sample: planSample(p),
    assignee:
      p.assignee === 'internal'
        ? { type: 'internal', userId: p.inspector_id ?? '' }
        : p.assignee === 'external'
          ? { type: 'external', name: p.external_name ?? '', ...(p.external_email ? { email: p.external_email } : {}) }
          : { type: 'unit' },
    dueDays: p.due_days,
    active: p.active,
  };
  const next: PlanFields = { ...current, ...b };
  if (b.checklistId && !b.unitKind) next.unitKind = undefined;
  const unitKind = await validate(tx, actor, next);
  const reschedule = b.schedule !== undefined || (b.active === true && !p.active);
  const ran = await one(
    tx,
    sql`SELECT 1 FROM audit_plan_runs WHERE tenant_id = ${actor.tenantId} AND plan_id = ${p.id} AND period = 'once'`,
  );
  const nextRun =
    reschedule && !(next.schedule.every === 'once' && ran && b.schedule === undefined)
      ? (await nextRunAfter(tx, await tenantTimeZone(tx, actor.tenantId), next.schedule, now)).toISOString()
      : p.next_run_at
        ? new Date(p.next_run_at).toISOString()
        : null;
  await tx.execute(
    sql`UPDATE audit_plans SET ${sql.join(
      columns(next, unitKind).map(([c, v]) => sql`${sql.raw(c)} = ${v}`),
      sql`, `,
    )}, next_run_at = ${nextRun}, updated_at = ${now.toISOString()}
        WHERE tenant_id = ${actor.tenantId} AND id = ${p.id}`,
  );
  await audit(tx, actor, 'audit_plan.update', 'audit_plan', p.id, b);
}
