import type { TPanel, TPanelDiaryEntry, TPanelMember, TPanelSubmission, TPanelTask } from '@loopcx/shared';
import type { AppContext } from '../../platform/context.ts';
import type { MemberRow, PanelRow, SubmissionRow, TaskRow } from './queries.ts';
import { joinUrl } from './tokens.ts';

const iso = (d: string | Date) => new Date(d).toISOString();
const isoOrNull = (d: string | Date | null) => (d ? iso(d) : null);

export function presentPanel(ctx: AppContext, tenantId: string, p: PanelRow): TPanel {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    benefits: p.benefits,
    screenerSurveyId: p.screener_survey_id,
    screenerSurveyName: p.screener_survey_name,
    passRule: p.pass_rule,
    tiers: p.tiers,
    tag: p.tag,
    status: p.status,
    recruitLimit: p.recruit_limit,
    joinUrl: joinUrl(ctx, tenantId, p.id),
    counts: { active: p.active, applied: p.applied, rejected: p.rejected, left: p.left },
    createdAt: iso(p.created_at),
  };
}

export function presentMember(m: MemberRow): TPanelMember {
  return {
    id: m.id,
    panelId: m.panel_id,
    customerId: m.customer_id,
    displayName: m.display_name,
    contact: m.contact_display,
    status: m.status,
    points: m.points,
    earned: m.earned,
    tier: m.tier,
    appliedAt: iso(m.applied_at),
    joinedAt: isoOrNull(m.joined_at),
    openTasks: m.open_tasks,
  };
}

export function presentTask(t: TaskRow): TPanelTask {
  const counts = { assigned: 0, submitted: 0, approved: 0, rejected: 0, overdue: 0, ...t.counts };
  return {
    id: t.id,
    panelId: t.panel_id,
    title: t.title,
    kind: t.kind,
    instructions: t.instructions,
    orgUnitId: t.org_unit_id,
    unitName: t.unit_name,
    checkInRequired: t.check_in_required,
    radiusM: t.radius_m,
    minPhotos: t.min_photos,
    fields: t.fields,
    survey: t.survey_id ? { id: t.survey_id, name: t.survey_name ?? '' } : null,
    entries: t.entries,
    minEntries: t.min_entries,
    points: t.points,
    dueAt: iso(t.due_at),
    status: t.status,
    counts,
    createdAt: iso(t.created_at),
  };
}

export function presentSubmission(
  s: SubmissionRow,
  photos: Array<{ id: string }>,
  entries: TPanelDiaryEntry[] = [],
): TPanelSubmission {
  return {
    id: s.id,
    assignmentId: s.assignment_id,
    taskId: s.task_id,
    taskTitle: s.task_title,
    panelId: s.panel_id,
    memberId: s.member_id,
    memberName: s.member_name,
    unitName: s.unit_name,
    status: s.status,
    fields: s.fields,
    answers: s.answers,
    checkInDistanceM: s.checkin_distance_m,
    radiusM: s.radius_m,
    photos: photos.map((p) => ({ id: p.id, url: `/api/v1/panel-submissions/${s.id}/photos/${p.id}` })),
    entries,
    submittedAt: iso(s.submitted_at),
    reviewedAt: isoOrNull(s.reviewed_at),
    reviewNote: s.review_note,
    pointsAwarded: s.points_awarded,
    feedbackItemId: s.feedback_item_id,
  };
}
