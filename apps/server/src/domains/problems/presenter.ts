import type { TProblemResponse, TProblemTask, TTaskEvidence } from '@loopcx/shared';
import type { Actor } from '../../platform/auth.ts';
import { sql } from '../../platform/db.ts';
import { taskWorker } from './scope.ts';

const iso = (d: Date | string | null | undefined) => (d == null ? null : new Date(d).toISOString());

/** A `problems` row with its owner's name, root cause and task counts, as the problem queries select it. */
export interface ProblemRow {
  id: string;
  number: number;
  title: string;
  description: string | null;
  status: string;
  org_unit_id: string;
  owner_id: string;
  owner_name: string | null;
  root_cause_id: string | null;
  rc_code: string | null;
  rc_name: string | null;
  rc_name_en: string | null;
  source: string;
  source_topic: string | null;
  source_metric: { metric: string; orgUnitId: string; period: string } | null;
  source_audit: { checklistId: string; code: string; auditIds: string[] } | null;
  ticket_ids: string[];
  action_id: string | null;
  closed_at: Date | string | null;
  close_reason: string | null;
  close_note: string | null;
  close_effect: unknown;
  task_count: number;
  accepted_count: number;
  overdue_count: number;
  next_due_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

/**
 * The columns of a problem (`p`) with its owner, root cause and task counts; `now` decides what is overdue. The
 * counts are over all of the problem's tasks (the HQ owner's view); the detail lists only the tasks the caller sees.
 */
export const problemColumns = (
  now: Date,
) => sql`p.id, p.number, p.title, p.description, p.status, p.org_unit_id, p.owner_id,
  (SELECT u.name FROM users u WHERE u.tenant_id = p.tenant_id AND u.id = p.owner_id) AS owner_name,
  p.root_cause_id, rc.code AS rc_code, rc.name AS rc_name, rc.name_en AS rc_name_en,
  p.source, p.source_topic, p.source_metric, p.source_audit, p.ticket_ids, p.action_id, p.closed_at, p.close_reason, p.close_note, p.close_effect,
  (SELECT count(*)::int FROM problem_tasks c WHERE c.tenant_id = p.tenant_id AND c.problem_id = p.id) AS task_count,
  (SELECT count(*)::int FROM problem_tasks c WHERE c.tenant_id = p.tenant_id AND c.problem_id = p.id AND c.status = 'accepted') AS accepted_count,
  (SELECT count(*)::int FROM problem_tasks c WHERE c.tenant_id = p.tenant_id AND c.problem_id = p.id
     AND c.status NOT IN ('submitted', 'accepted') AND c.due_at < ${now.toISOString()}) AS overdue_count,
  (SELECT min(c.due_at) FROM problem_tasks c WHERE c.tenant_id = p.tenant_id AND c.problem_id = p.id AND c.status <> 'accepted') AS next_due_at,
  p.created_at, p.updated_at`;

/** Problems (`p`) with their root cause (`rc`). */
export const PROBLEM_FROM = sql`problems p LEFT JOIN root_causes rc ON rc.tenant_id = p.tenant_id AND rc.id = p.root_cause_id`;

/** A problem as the API answers it in lists. */
export const presentProblem = (p: ProblemRow): TProblemResponse => ({
  id: p.id,
  number: Number(p.number),
  title: p.title,
  description: p.description,
  status: p.status,
  orgUnitId: p.org_unit_id,
  ownerId: p.owner_id,
  ownerName: p.owner_name,
  rootCauseId: p.root_cause_id,
  rootCause: p.root_cause_id
    ? { id: p.root_cause_id, code: p.rc_code ?? '', name: p.rc_name ?? '', nameEn: p.rc_name_en }
    : null,
  source: p.source,
  sourceTopic: p.source_topic,
  sourceMetric: p.source_metric,
  sourceAudit: p.source_audit,
  ticketIds: p.ticket_ids ?? [],
  actionId: p.action_id,
  closedAt: iso(p.closed_at),
  closeReason: p.close_reason,
  closeNote: p.close_note,
  taskCount: Number(p.task_count),
  acceptedCount: Number(p.accepted_count),
  overdueCount: Number(p.overdue_count),
  nextDueAt: iso(p.next_due_at),
  createdAt: iso(p.created_at)!,
  updatedAt: iso(p.updated_at)!,
});

/** A `problem_tasks` row with its owner's name and whether the caller works on it. */
export interface TaskRow {
  id: string;
  problem_id: string;
  seq: number;
  title: string;
  team_id: string | null;
  org_unit_id: string | null;
  owner_name: string;
  owner_name_en: string | null;
  due_at: Date | string;
  status: string;
  progress: number;
  submitted_at: Date | string | null;
  accepted_at: Date | string | null;
  return_reason: string | null;
  overdue_at: Date | string | null;
  escalated_to: string | null;
  escalated_to_name: string | null;
  can_work: boolean;
}

/** The columns of a task (`k`, from TASK_FROM) as the caller sees it. */
export const taskColumns = (actor: Actor) => sql`k.id, k.problem_id, k.seq, k.title, k.team_id, k.org_unit_id,
  coalesce(kt.name, ko.name) AS owner_name, coalesce(kt.name_en, ko.name_en) AS owner_name_en,
  k.due_at, k.status, k.progress, k.submitted_at, k.accepted_at, k.return_reason, k.overdue_at, k.escalated_to,
  (SELECT eu.name FROM users eu WHERE eu.tenant_id = k.tenant_id AND eu.id = k.escalated_to) AS escalated_to_name,
  ${taskWorker(actor)} AS can_work`;

/**
 * Whether a task was done on time: the submission that was accepted came by the due date (true); it was accepted
 * after a late submission, or it is past due without an accepted or pending on-time submission (false); otherwise
 * not decided yet (null). The acceptance itself may come after the due date: the department is not blamed for the
 * reviewer's delay. `onTimeSql` is the same rule in SQL.
 */
export function onTime(
  t: { status: string; due_at: Date | string; submitted_at: Date | string | null },
  now: Date,
): boolean | null {
  const due = new Date(t.due_at).getTime();
  const submitted = t.submitted_at ? new Date(t.submitted_at).getTime() : null;
  if (t.status === 'accepted') return submitted !== null && submitted <= due;
  if (t.status === 'submitted' && submitted !== null && submitted <= due) return null;
  return now.getTime() > due ? false : null;
}

/** A task as the API answers it; `evidence` are its notes and files. */
export function presentTask(t: TaskRow, now: Date, evidence: TTaskEvidence[] = []): TProblemTask {
  return {
    id: t.id,
    problemId: t.problem_id,
    seq: Number(t.seq),
    title: t.title,
    teamId: t.team_id,
    orgUnitId: t.org_unit_id,
    ownerName: t.owner_name,
    ownerNameEn: t.owner_name_en,
    dueAt: iso(t.due_at)!,
    status: t.status,
    progress: Number(t.progress),
    submittedAt: iso(t.submitted_at),
    acceptedAt: iso(t.accepted_at),
    returnReason: t.return_reason,
    overdue: !['submitted', 'accepted'].includes(t.status) && now.getTime() > new Date(t.due_at).getTime(),
    onTime: onTime(t, now),
    escalatedTo: t.escalated_to,
    escalatedToName: t.escalated_to_name,
    canWork: !!t.can_work,
    evidence,
  };
}

/** A `problem_task_evidence` row with its author's name. */
export interface EvidenceRow {
  id: string;
  task_id: string;
  note: string | null;
  file_name: string | null;
  content_type: string | null;
  size: number | null;
  file_ref: string | null;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date | string;
}

/** Evidence as the API answers it; a file's `url` is its download route. */
export const presentEvidence = (e: EvidenceRow, problemId: string): TTaskEvidence => ({
  id: e.id,
  note: e.note,
  fileName: e.file_name,
  contentType: e.content_type,
  size: e.size == null ? null : Number(e.size),
  url: e.file_ref ? `/api/v1/problems/${problemId}/tasks/${e.task_id}/evidence/${e.id}` : null,
  createdBy: e.created_by,
  createdByName: e.created_by_name,
  createdAt: iso(e.created_at)!,
});
