import { z } from 'zod';
import { AUDIT_KINDS, ZExternalInspector } from './inspections.ts';

/**
 * Contracts of audit plans (issue 22, slice 2): a recurring programme of audits — mystery shops, sampling checks,
 * self-inspections, rehearsals — of a sample of the units under a root unit, on a schedule, assigned to an inspector,
 * an external shopper or the units themselves, due some days after each run. Routes: `/api/v1/audit-plans`.
 */

export const PLAN_SCHEDULES = ['once', 'weekly', 'monthly'] as const;
export const PLAN_RUN_TRIGGERS = ['schedule', 'manual'] as const;

/**
 * When a plan runs, in the tenant's time zone: once (at `at`, default now), every week on `weekday` (1 = Monday) or
 * every month on `day` (1–28, so every month has it). Each run covers one period: `once`, an ISO week `2026-W49` or a
 * month `2026-12`.
 */
export const ZPlanSchedule = z.discriminatedUnion('every', [
  z.object({ every: z.literal('once'), at: z.iso.datetime({ offset: true }).optional() }).strict(),
  z.object({ every: z.literal('weekly'), weekday: z.number().int().min(1).max(7) }).strict(),
  z.object({ every: z.literal('monthly'), day: z.number().int().min(1).max(28) }).strict(),
]);
export type TPlanSchedule = z.infer<typeof ZPlanSchedule>;

/** Every unit of the population, or a random sample of `size` (stratified by region: proportional, ≥ 1 each). */
export const ZPlanSample = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('all') }).strict(),
  z
    .object({
      mode: z.literal('sample'),
      size: z.number().int().min(1).max(500),
      stratify: z.enum(['region', 'none']).default('region'),
    })
    .strict(),
]);
export type TPlanSample = z.infer<typeof ZPlanSample>;

/** Who works the plan's audits: an inspector of the tenant, an external shopper, or (self-inspection) the unit. */
export const ZPlanAssignee = z.discriminatedUnion('type', [
  z.object({ type: z.literal('internal'), userId: z.uuid() }).strict(),
  ZExternalInspector.extend({ type: z.literal('external') }).strict(),
  z.object({ type: z.literal('unit') }).strict(),
]);
export type TPlanAssignee = z.infer<typeof ZPlanAssignee>;

const planFields = {
  name: z.string().trim().min(1).max(120),
  kind: z.enum(AUDIT_KINDS),
  checklistId: z.uuid(),
  /** The population's root: HQ (every unit) or a region. */
  rootUnitId: z.uuid(),
  /** The kind of unit audited; default the checklist's first unit kind (or `store`). */
  unitKind: z.string().trim().min(1).max(40),
  schedule: ZPlanSchedule,
  sample: ZPlanSample,
  assignee: ZPlanAssignee,
  /** Days from a run to its audits' due date. */
  dueDays: z.number().int().min(1).max(90),
  active: z.boolean(),
};

export const ZNewAuditPlan = z
  .object({
    ...planFields,
    unitKind: planFields.unitKind.optional(),
    dueDays: planFields.dueDays.default(7),
    active: planFields.active.default(true),
  })
  .strict();
export type TNewAuditPlan = z.input<typeof ZNewAuditPlan>;

/** PATCH: pause/resume (`active`) or change what future runs do; runs already made keep their audits. */
export const ZAuditPlanPatch = z
  .object({
    name: planFields.name,
    kind: planFields.kind,
    checklistId: planFields.checklistId,
    rootUnitId: planFields.rootUnitId,
    unitKind: planFields.unitKind,
    schedule: planFields.schedule,
    sample: planFields.sample,
    assignee: planFields.assignee,
    dueDays: planFields.dueDays,
    active: planFields.active,
  })
  .partial()
  .strict();
export type TAuditPlanPatch = z.infer<typeof ZAuditPlanPatch>;

/** One run of a plan (one period) and how its audits stand now. */
export const ZAuditPlanRun = z.object({
  id: z.string(),
  /** `once`, `2026-W49` or `2026-12`. */
  period: z.string(),
  runAt: z.string(),
  trigger: z.enum(PLAN_RUN_TRIGGERS),
  /** Audits the run made. */
  audits: z.number(),
  submitted: z.number(),
  /** Assigned and not yet due. */
  assigned: z.number(),
  /** Assigned and past due. */
  overdue: z.number(),
  cancelled: z.number(),
});
export type TAuditPlanRun = z.infer<typeof ZAuditPlanRun>;

const ZUnitRef = z.object({ id: z.string(), code: z.string(), name: z.string(), nameEn: z.string().nullable() });

export const ZAuditPlan = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(AUDIT_KINDS),
  checklistId: z.string(),
  checklistName: z.string(),
  rootUnit: ZUnitRef,
  unitKind: z.string(),
  schedule: ZPlanSchedule,
  sample: ZPlanSample,
  assignee: z.discriminatedUnion('type', [
    z.object({ type: z.literal('internal'), userId: z.string(), name: z.string().nullable() }),
    z.object({ type: z.literal('external'), name: z.string(), email: z.string().optional() }),
    z.object({ type: z.literal('unit') }),
  ]),
  dueDays: z.number(),
  active: z.boolean(),
  /** When the scheduler next runs it; null once a one-off plan ran. */
  nextRunAt: z.string().nullable(),
  lastRun: ZAuditPlanRun.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TAuditPlan = z.infer<typeof ZAuditPlan>;

export const ZAuditPlanDetail = ZAuditPlan.extend({ runs: z.array(ZAuditPlanRun) });
export type TAuditPlanDetail = z.infer<typeof ZAuditPlanDetail>;
export const ZAuditPlanList = z.object({ items: z.array(ZAuditPlan) });
export type TAuditPlanList = z.infer<typeof ZAuditPlanList>;

/** `POST /audit-plans/:id/run`: the period's run — made now (`created`) or the one already made. */
export const ZAuditPlanRunResult = z.object({ created: z.boolean(), run: ZAuditPlanRun });
