import type { TTicketResponse } from '@loopcx/shared';

export interface TicketRow {
  id: string;
  number: string | number;
  source: string;
  status: string;
  priority: string;
  title: string;
  description: string | null;
  org_unit_id: string;
  org_unit_code?: string;
  org_unit_name?: string;
  org_unit_name_en?: string | null;
  org_path?: string;
  team_id: string | null;
  assignee_id: string | null;
  assignee_name?: string | null;
  response_id: string | null;
  feedback_id: string | null;
  audit_id: string | null;
  survey_id: string | null;
  customer_ref: string | null;
  rule_id: string | null;
  first_response_due_at: Date | string | null;
  resolution_due_at: Date | string | null;
  first_responded_at: Date | string | null;
  resolved_at: Date | string | null;
  closed_at: Date | string | null;
  escalation_level: number;
  root_cause_id: string | null;
  resolution: string | null;
  followup_outcome: string | null;
  reopen_count: number;
  status_changed_at: Date | string;
  scores: Record<string, number> | null;
  contact_phone: string | null;
  root_cause_code: string | null;
  root_cause_name: string | null;
  root_cause_name_en: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

export const TICKET_COLUMNS = `t.id, t.number, t.source, t.status, t.priority, t.title, t.description, t.org_unit_id,
  o.code AS org_unit_code, o.name AS org_unit_name, o.name_en AS org_unit_name_en, o.path AS org_path, t.team_id, t.assignee_id,
  (SELECT u.name FROM users u WHERE u.tenant_id = t.tenant_id AND u.id = t.assignee_id) AS assignee_name,
  t.response_id, t.feedback_id, t.audit_id, t.survey_id, t.customer_ref, t.rule_id, t.first_response_due_at, t.resolution_due_at,
  t.first_responded_at, t.resolved_at, t.closed_at, t.escalation_level, t.root_cause_id, t.resolution,
  t.followup_outcome, t.reopen_count, t.status_changed_at, t.created_at, t.updated_at, t.scores, t.contact_phone,
  rc.code AS root_cause_code, rc.name AS root_cause_name, rc.name_en AS root_cause_name_en`;

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** `T-000123` */
export const ticketNumber = (n: number | string) => `T-${String(n).padStart(6, '0')}`;

/** A ticket as the API answers it (`ZTicketResponse`); `now` decides overdue and the SLA minutes left. */
export function presentTicket(t: TicketRow, now: Date): TTicketResponse {
  const open = !['resolved', 'closed'].includes(t.status);
  const due = t.resolution_due_at ? new Date(t.resolution_due_at) : null;
  return {
    id: t.id,
    number: ticketNumber(t.number),
    source: t.source,
    status: t.status,
    priority: t.priority,
    title: t.title,
    description: t.description,
    orgUnitId: t.org_unit_id,
    orgUnit: t.org_unit_code
      ? { id: t.org_unit_id, code: t.org_unit_code, name: t.org_unit_name, nameEn: t.org_unit_name_en ?? null }
      : undefined,
    teamId: t.team_id,
    assigneeId: t.assignee_id,
    assigneeName: t.assignee_name ?? null,
    responseId: t.response_id,
    feedbackId: t.feedback_id,
    auditId: t.audit_id,
    surveyId: t.survey_id,
    customerRef: t.customer_ref,
    ruleId: t.rule_id,
    firstResponseDueAt: iso(t.first_response_due_at),
    dueAt: iso(t.resolution_due_at),
    firstRespondedAt: iso(t.first_responded_at),
    resolvedAt: iso(t.resolved_at),
    closedAt: iso(t.closed_at),
    overdue: open && !!due && due.getTime() < now.getTime(),
    slaRemainingMinutes: open && due ? Math.round((due.getTime() - now.getTime()) / 60000) : null,
    escalationLevel: t.escalation_level,
    rootCauseId: t.root_cause_id,
    rootCause: t.root_cause_code
      ? { id: t.root_cause_id!, code: t.root_cause_code, name: t.root_cause_name!, nameEn: t.root_cause_name_en }
      : null,
    scores: Object.fromEntries(Object.entries(t.scores ?? {}).filter(([k]) => !k.includes(':'))),
    contactPhone: t.contact_phone,
    resolution: t.resolution,
    followupOutcome: t.followup_outcome,
    reopenCount: t.reopen_count,
    createdAt: iso(t.created_at),
    updatedAt: iso(t.updated_at),
  };
}
