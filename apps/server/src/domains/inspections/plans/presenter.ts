import type { TAuditPlan, TAuditPlanRun, TPlanSample, TPlanSchedule } from '@loopcx/shared';

export interface PlanRow {
  id: string;
  name: string;
  kind: TAuditPlan['kind'];
  checklist_id: string;
  checklist_name: string;
  root_unit_id: string;
  root_code: string;
  root_name: string;
  root_name_en: string | null;
  root_path: string;
  unit_kind: string;
  schedule: TPlanSchedule['every'];
  run_once_at: Date | string | null;
  weekday: number | null;
  month_day: number | null;
  sample_size: number | null;
  stratify: 'region' | 'none' | null;
  assignee: TAuditPlan['assignee']['type'];
  inspector_id: string | null;
  inspector_name: string | null;
  external_name: string | null;
  external_email: string | null;
  due_days: number;
  active: boolean;
  next_run_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface RunRow {
  id: string;
  plan_id: string;
  period: string;
  trigger: TAuditPlanRun['trigger'];
  run_at: Date | string;
  audits: number;
  submitted: number | string;
  assigned: number | string;
  overdue: number | string;
  cancelled: number | string;
}

const iso = (d: Date | string) => new Date(d).toISOString();

export function planSchedule(p: PlanRow): TPlanSchedule {
  if (p.schedule === 'weekly') return { every: 'weekly', weekday: p.weekday ?? 1 };
  if (p.schedule === 'monthly') return { every: 'monthly', day: p.month_day ?? 1 };
  return p.run_once_at ? { every: 'once', at: iso(p.run_once_at) } : { every: 'once' };
}

export function planSample(p: PlanRow): TPlanSample {
  return p.sample_size === null
    ? { mode: 'all' }
    : { mode: 'sample', size: p.sample_size, stratify: p.stratify ?? 'none' };
}

function planAssignee(p: PlanRow): TAuditPlan['assignee'] {
  if (p.assignee === 'internal') return { type: 'internal', userId: p.inspector_id ?? '', name: p.inspector_name };
  if (p.assignee === 'external')
    return { type: 'external', name: p.external_name ?? '', ...(p.external_email ? { email: p.external_email } : {}) };
  return { type: 'unit' };
}

export function presentRun(r: RunRow): TAuditPlanRun {
  return {
    id: r.id,
    period: r.period,
    runAt: iso(r.run_at),
    trigger: r.trigger,
    audits: r.audits,
    submitted: Number(r.submitted),
    assigned: Number(r.assigned),
    overdue: Number(r.overdue),
    cancelled: Number(r.cancelled),
  };
}

export function presentPlan(p: PlanRow, lastRun: RunRow | undefined): TAuditPlan {
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    checklistId: p.checklist_id,
    checklistName: p.checklist_name,
    rootUnit: { id: p.root_unit_id, code: p.root_code, name: p.root_name, nameEn: p.root_name_en },
    unitKind: p.unit_kind,
    schedule: planSchedule(p),
    sample: planSample(p),
    assignee: planAssignee(p),
    dueDays: p.due_days,
    active: p.active,
    nextRunAt: p.next_run_at ? iso(p.next_run_at) : null,
    lastRun: lastRun ? presentRun(lastRun) : null,
    createdAt: iso(p.created_at),
    updatedAt: iso(p.updated_at),
  };
}
