import { z } from 'zod';
import { ZActionEffect } from './actions.ts';

/** Response contracts of the problems routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */

/** A piece of evidence on a task: a note, or a stored file (downloaded from `url`). */
export const ZTaskEvidence = z.object({
  id: z.string(),
  note: z.string().nullable(),
  fileName: z.string().nullable(),
  contentType: z.string().nullable(),
  size: z.number().nullable(),
  /** Console path of the file's download; null for a note. */
  url: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
});
export type TTaskEvidence = z.infer<typeof ZTaskEvidence>;

/** One department task of a problem, for a team or an org unit. */
export const ZProblemTask = z.object({
  id: z.string(),
  problemId: z.string(),
  seq: z.number(),
  title: z.string(),
  teamId: z.string().nullable(),
  orgUnitId: z.string().nullable(),
  /** The team's or unit's name (zh) and English name. */
  ownerName: z.string(),
  ownerNameEn: z.string().nullable(),
  dueAt: z.string(),
  /** open | in_progress | submitted | accepted | returned */
  status: z.string(),
  progress: z.number(),
  submittedAt: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
  /** Past its due date and not submitted (or accepted after a late submission). */
  overdue: z.boolean(),
  /** true: accepted, submitted by the due date; false: late (accepted late, or past due and not accepted); null: not decided yet. */
  onTime: z.boolean().nullable(),
  /** The manager the overdue sweep escalated to. */
  escalatedTo: z.string().nullable(),
  escalatedToName: z.string().nullable(),
  /** Whether the caller may report progress, add evidence and submit. */
  canWork: z.boolean(),
  evidence: z.array(ZTaskEvidence),
});
export type TProblemTask = z.infer<typeof ZProblemTask>;

/** The source of a metric-drop problem. */
export const ZProblemMetricSource = z.object({ metric: z.string(), orgUnitId: z.string(), period: z.string() });

/** The source of a problem raised by one checklist item's repeated failures: the failing audits are its evidence. */
export const ZProblemAuditSource = z.object({
  checklistId: z.string(),
  code: z.string(),
  auditIds: z.array(z.string()),
});

/** A problem as lists answer it, with task counts. */
export const ZProblemResponse = z.object({
  id: z.string(),
  number: z.number(),
  title: z.string(),
  description: z.string().nullable(),
  /** open | closed */
  status: z.string(),
  orgUnitId: z.string(),
  ownerId: z.string(),
  ownerName: z.string().nullable(),
  rootCauseId: z.string().nullable(),
  rootCause: z.object({ id: z.string(), code: z.string(), name: z.string(), nameEn: z.string().nullable() }).nullable(),
  /** manual | tickets | topic | metric | audit */
  source: z.string(),
  sourceTopic: z.string().nullable(),
  sourceMetric: ZProblemMetricSource.nullable(),
  sourceAudit: ZProblemAuditSource.nullable(),
  ticketIds: z.array(z.string()),
  actionId: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** tasks | action */
  closeReason: z.string().nullable(),
  closeNote: z.string().nullable(),
  taskCount: z.number(),
  acceptedCount: z.number(),
  overdueCount: z.number(),
  /** The earliest due date of the tasks not yet accepted. */
  nextDueAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TProblemResponse = z.infer<typeof ZProblemResponse>;

/** GET /problems. */
export const ZProblemListResponse = z.object({ items: z.array(ZProblemResponse) });
export type TProblemListResponse = z.infer<typeof ZProblemListResponse>;

/** An entry of a problem's timeline. */
export const ZProblemEvent = z.object({
  id: z.string(),
  kind: z.string(),
  taskId: z.string().nullable(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  at: z.string(),
});

/** On-time counts: `rate` = onTime / decided in % (null when nothing is decided yet), with a Wilson 95 % interval. */
export const ZOnTime = z.object({
  onTime: z.number(),
  decided: z.number(),
  rate: z.number().nullable(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
});
export type TOnTime = z.infer<typeof ZOnTime>;

/** GET /problems/:id: the problem with its tasks, timeline, linked tickets and action (with its measured effect). */
export const ZProblemDetailResponse = ZProblemResponse.extend({
  tasks: z.array(ZProblemTask),
  events: z.array(ZProblemEvent),
  tickets: z.array(z.object({ id: z.string(), number: z.string(), title: z.string(), status: z.string() })),
  action: z
    .object({
      id: z.string(),
      title: z.string(),
      metric: z.string(),
      status: z.string(),
      startDate: z.string(),
      effect: ZActionEffect.nullable(),
      /** The effect is significant (95 % CI excludes 0) and an improvement: the problem may close on it. */
      closesProblem: z.boolean(),
    })
    .nullable(),
  onTime: ZOnTime,
  /** Whether the caller owns the problem (accepts, returns, links, closes). */
  canManage: z.boolean(),
  closeEffect: ZActionEffect.nullable(),
});
export type TProblemDetailResponse = z.infer<typeof ZProblemDetailResponse>;

/** A task with its problem, for "my tasks". */
export const ZMyTask = ZProblemTask.extend({
  problemNumber: z.number(),
  problemTitle: z.string(),
  /** The caller owns the task's problem (the task awaits their acceptance when submitted). */
  reviewer: z.boolean(),
});

/** GET /problems/tasks/mine: tasks the caller works on and tasks awaiting the caller's acceptance. */
export const ZMyTasksResponse = z.object({ items: z.array(ZMyTask) });
export type TMyTasksResponse = z.infer<typeof ZMyTasksResponse>;

/** GET /problems/on-time-rate: the on-time rate of tasks due in a period, per team or per unit. */
export const ZOnTimeRateResponse = z.object({
  by: z.enum(['team', 'unit']),
  from: z.string(),
  to: z.string(),
  total: ZOnTime,
  rows: z.array(ZOnTime.extend({ key: z.string(), label: z.string(), labelEn: z.string().nullable() })),
});
export type TOnTimeRateResponse = z.infer<typeof ZOnTimeRateResponse>;
