import type { TPanelField, TPanelPassRule } from '@loopcx/shared';
import type { Actor } from '../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import { customerScope } from '../customers/scope.ts';
import { likeContains } from '../org/scope.ts';
import { taskScope } from './policy.ts';
import type { Tier } from './tiers.ts';

export type LedgerReason = 'task_approved' | 'adjustment' | 'redemption' | 'redemption_refund';

export interface PanelRow {
  id: string;
  name: string;
  description: string | null;
  benefits: string | null;
  screener_survey_id: string | null;
  screener_survey_name: string | null;
  pass_rule: TPanelPassRule;
  tiers: Tier[];
  tag: string;
  status: 'open' | 'closed';
  recruit_limit: number | null;
  created_at: string | Date;
  active: number;
  applied: number;
  rejected: number;
  left: number;
}

const panelSelect = (tenantId: string) => sql`
  SELECT p.id, p.name, p.description, p.benefits, p.screener_survey_id, s.name AS screener_survey_name, p.pass_rule,
    p.tiers, p.tag, p.status, p.recruit_limit, p.created_at,
    (SELECT count(*) FILTER (WHERE m.status = 'active') FROM panel_members m WHERE m.tenant_id = p.tenant_id AND m.panel_id = p.id)::int AS active,
    (SELECT count(*) FILTER (WHERE m.status = 'applied') FROM panel_members m WHERE m.tenant_id = p.tenant_id AND m.panel_id = p.id)::int AS applied,
    (SELECT count(*) FILTER (WHERE m.status = 'rejected') FROM panel_members m WHERE m.tenant_id = p.tenant_id AND m.panel_id = p.id)::int AS rejected,
    (SELECT count(*) FILTER (WHERE m.status = 'left') FROM panel_members m WHERE m.tenant_id = p.tenant_id AND m.panel_id = p.id)::int AS "left"
  FROM panels p LEFT JOIN surveys s ON s.tenant_id = p.tenant_id AND s.id = p.screener_survey_id
  WHERE p.tenant_id = ${tenantId}`;

export async function listPanels(ex: Executor, tenantId: string) {
  return rows<PanelRow>(ex, sql`${panelSelect(tenantId)} ORDER BY p.created_at DESC, p.id LIMIT 200`);
}

/** A panel of the tenant (404 otherwise); `lock` takes the row for update (recruitment limit, edits). */
export async function getPanel(ex: Executor, tenantId: string, id: string, opts: { lock?: boolean } = {}) {
  const p = await one<PanelRow>(
    ex,
    sql`${panelSelect(tenantId)} AND p.id = ${id}${opts.lock ? sql` FOR UPDATE OF p` : sql``}`,
  );
  if (!p) throw notFound('Panel');
  return p;
}

export interface MemberRow {
  id: string;
  panel_id: string;
  customer_id: string;
  display_name: string;
  contact_display: string | null;
  status: 'applied' | 'active' | 'rejected' | 'left';
  points: number;
  earned: number;
  tier: string | null;
  screener_answers: Record<string, unknown>;
  token_version: number;
  applied_at: string | Date;
  joined_at: string | Date | null;
  open_tasks: number;
}

const memberSelect = sql`
  SELECT m.id, m.panel_id, m.customer_id, m.display_name, m.contact_display, m.status, m.points, m.earned, m.tier,
    m.screener_answers, m.token_version, m.applied_at, m.joined_at,
    (SELECT count(*) FROM panel_task_assignments a WHERE a.tenant_id = m.tenant_id AND a.member_id = m.id AND a.status = 'assigned')::int AS open_tasks
  FROM panel_members m JOIN customers c ON c.tenant_id = m.tenant_id AND c.id = m.customer_id`;

export async function listMembers(
  ex: Executor,
  actor: Actor,
  panelId: string,
  q: { status?: string; tier?: string; q?: string; page: number },
) {
  const where = sql`m.panel_id = ${panelId} AND ${customerScope(actor)}
    ${q.status ? sql`AND m.status = ${q.status}` : sql``}
    ${q.tier ? sql`AND m.tier = ${q.tier}` : sql``}
    ${q.q ? sql`AND m.display_name ILIKE ${likeContains(q.q)}` : sql``}`;
  const items = await rows<MemberRow>(
    ex,
    sql`${memberSelect} WHERE ${where} ORDER BY m.points DESC, m.applied_at, m.id LIMIT 50 OFFSET ${(q.page - 1) * 50}`,
  );
  const total = await one<{ n: number }>(
    ex,
    sql`SELECT count(*)::int AS n FROM panel_members m JOIN customers c ON c.tenant_id = m.tenant_id AND c.id = m.customer_id WHERE ${where}`,
  );
  return { items, total: total?.n ?? 0 };
}

/** A member the caller may see (its customer in the caller's scope), 404 otherwise. */
export async function getMember(ex: Executor, actor: Actor, id: string, opts: { lock?: boolean } = {}) {
  const m = await one<MemberRow>(
    ex,
    sql`${memberSelect} WHERE m.id = ${id} AND ${customerScope(actor)}${opts.lock ? sql` FOR UPDATE OF m` : sql``}`,
  );
  if (!m) throw notFound('Panel member');
  return m;
}

/** A member by id inside a tenant, for the portal (the signed link is the boundary). */
export async function memberForPortal(ex: Executor, tenantId: string, id: string) {
  return one<MemberRow & { panel_name: string; tiers: Tier[] }>(
    ex,
    sql`SELECT m.id, m.panel_id, m.customer_id, m.display_name, m.contact_display, m.status, m.points, m.earned, m.tier,
          m.screener_answers, m.token_version, m.applied_at, m.joined_at, 0 AS open_tasks, p.name AS panel_name, p.tiers
        FROM panel_members m JOIN panels p ON p.tenant_id = m.tenant_id AND p.id = m.panel_id
        WHERE m.tenant_id = ${tenantId} AND m.id = ${id}`,
  );
}

export async function memberLedger(ex: Executor, tenantId: string, memberId: string) {
  return rows<{
    id: string;
    delta: number;
    reason: LedgerReason;
    reference_id: string | null;
    note: string | null;
    created_at: string | Date;
  }>(
    ex,
    sql`SELECT id, delta, reason, reference_id, note, created_at FROM panel_point_ledger
        WHERE tenant_id = ${tenantId} AND member_id = ${memberId} ORDER BY created_at DESC, id LIMIT 200`,
  );
}

export interface TaskRow {
  id: string;
  panel_id: string;
  title: string;
  kind: 'online' | 'offline';
  instructions: string | null;
  org_unit_id: string | null;
  unit_name: string | null;
  unit_lat: number | null;
  unit_lng: number | null;
  check_in_required: boolean;
  radius_m: number;
  min_photos: number;
  fields: TPanelField[];
  survey_id: string | null;
  survey_name: string | null;
  entries: 'once' | 'daily';
  min_entries: number;
  points: number;
  due_at: string | Date;
  status: 'open' | 'closed';
  created_at: string | Date;
  counts: Record<string, number>;
}

const taskSelect = sql`
  SELECT t.id, t.panel_id, t.title, t.kind, t.instructions, t.org_unit_id, ou.name AS unit_name, ou.lat AS unit_lat,
    ou.lng AS unit_lng, t.check_in_required, t.radius_m, t.min_photos, t.fields, t.survey_id, sv.name AS survey_name,
    t.entries, t.min_entries, t.points, t.due_at, t.status, t.created_at,
    coalesce((SELECT jsonb_object_agg(x.status, x.n) FROM (SELECT a.status, count(*)::int AS n FROM panel_task_assignments a
      WHERE a.tenant_id = t.tenant_id AND a.task_id = t.id GROUP BY a.status) x), '{}'::jsonb) AS counts
  FROM panel_tasks t LEFT JOIN org_units ou ON ou.tenant_id = t.tenant_id AND ou.id = t.org_unit_id
  LEFT JOIN surveys sv ON sv.tenant_id = t.tenant_id AND sv.id = t.survey_id`;

export async function listTasks(ex: Executor, actor: Actor, panelId: string) {
  return rows<TaskRow>(
    ex,
    sql`${taskSelect} WHERE ${taskScope(actor)} AND t.panel_id = ${panelId} ORDER BY t.due_at DESC, t.id LIMIT 200`,
  );
}

export async function getTask(ex: Executor, actor: Actor, id: string) {
  const t = await one<TaskRow>(ex, sql`${taskSelect} WHERE ${taskScope(actor)} AND t.id = ${id}`);
  if (!t) throw notFound('Panel task');
  return t;
}

export interface AssignmentRow {
  id: string;
  task_id: string;
  member_id: string;
  due_at: string | Date;
  status: 'assigned' | 'submitted' | 'approved' | 'rejected' | 'overdue';
  checkin_distance_m: number | null;
  checked_in_at: string | Date | null;
}

/** A member's assignments with their task (the portal's list), due first. */
export async function portalAssignments(ex: Executor, tenantId: string, memberId: string) {
  return rows<
    AssignmentRow &
      Omit<TaskRow, 'id' | 'status' | 'due_at' | 'counts' | 'created_at' | 'panel_id'> & {
        review_note: string | null;
        points_awarded: number | null;
      }
  >(
    ex,
    sql`SELECT a.id, a.task_id, a.member_id, a.due_at, a.status, a.checkin_distance_m, a.checked_in_at,
          t.title, t.kind, t.instructions, t.org_unit_id, ou.name AS unit_name, ou.lat AS unit_lat, ou.lng AS unit_lng,
          t.check_in_required, t.radius_m, t.min_photos, t.fields, t.survey_id, sv.name AS survey_name, t.entries,
          t.min_entries, t.points, s.review_note, s.points_awarded
        FROM panel_task_assignments a JOIN panel_tasks t ON t.tenant_id = a.tenant_id AND t.id = a.task_id
        LEFT JOIN org_units ou ON ou.tenant_id = t.tenant_id AND ou.id = t.org_unit_id
        LEFT JOIN surveys sv ON sv.tenant_id = t.tenant_id AND sv.id = t.survey_id
        LEFT JOIN panel_submissions s ON s.tenant_id = a.tenant_id AND s.assignment_id = a.id
        WHERE a.tenant_id = ${tenantId} AND a.member_id = ${memberId}
        ORDER BY (a.status = 'assigned') DESC, a.due_at, a.id LIMIT 200`,
  );
}

export async function photosOf(ex: Executor, tenantId: string, assignmentIds: string[]) {
  if (!assignmentIds.length) return [];
  return rows<{ id: string; assignment_id: string }>(
    ex,
    sql`SELECT id, assignment_id FROM panel_photos WHERE tenant_id = ${tenantId}
        AND assignment_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(assignmentIds)}::jsonb)::uuid)
        ORDER BY created_at, id`,
  );
}

export interface SubmissionRow {
  id: string;
  assignment_id: string;
  task_id: string;
  task_title: string;
  panel_id: string;
  member_id: string;
  member_name: string;
  customer_id: string;
  org_unit_id: string | null;
  unit_name: string | null;
  status: AssignmentRow['status'];
  fields: TPanelField[];
  answers: Record<string, string | number | boolean>;
  report_text: string | null;
  checkin_distance_m: number | null;
  radius_m: number;
  points: number;
  submitted_at: string | Date;
  reviewed_at: string | Date | null;
  review_note: string | null;
  points_awarded: number | null;
  feedback_item_id: string | null;
}

const submissionSelect = sql`
  SELECT s.id, s.assignment_id, t.id AS task_id, t.title AS task_title, t.panel_id, m.id AS member_id,
    m.display_name AS member_name, m.customer_id, t.org_unit_id, ou.name AS unit_name, a.status, t.fields, s.answers,
    s.report_text, a.checkin_distance_m, t.radius_m, t.points, s.submitted_at, s.reviewed_at, s.review_note,
    s.points_awarded, s.feedback_item_id
  FROM panel_submissions s
  JOIN panel_task_assignments a ON a.tenant_id = s.tenant_id AND a.id = s.assignment_id
  JOIN panel_tasks t ON t.tenant_id = a.tenant_id AND t.id = a.task_id
  JOIN panel_members m ON m.tenant_id = a.tenant_id AND m.id = a.member_id
  LEFT JOIN org_units ou ON ou.tenant_id = t.tenant_id AND ou.id = t.org_unit_id`;

export async function listSubmissions(
  ex: Executor,
  actor: Actor,
  q: { panelId?: string; state: 'pending' | 'reviewed' | 'all'; page: number },
) {
  const where = sql`${taskScope(actor)} ${q.panelId ? sql`AND t.panel_id = ${q.panelId}` : sql``}
    ${q.state === 'pending' ? sql`AND s.reviewed_at IS NULL` : q.state === 'reviewed' ? sql`AND s.reviewed_at IS NOT NULL` : sql``}`;
  const items = await rows<SubmissionRow>(
    ex,
    sql`${submissionSelect} WHERE ${where} ORDER BY s.submitted_at DESC, s.id LIMIT 50 OFFSET ${(q.page - 1) * 50}`,
  );
  const total = await one<{ n: number }>(
    ex,
    sql`SELECT count(*)::int AS n FROM panel_submissions s
        JOIN panel_task_assignments a ON a.tenant_id = s.tenant_id AND a.id = s.assignment_id
        JOIN panel_tasks t ON t.tenant_id = a.tenant_id AND t.id = a.task_id WHERE ${where}`,
  );
  return { items, total: total?.n ?? 0 };
}

/** A submission whose task the caller may see (404 otherwise); `lock` takes it for the review. */
export async function getSubmission(ex: Executor, actor: Actor, id: string, opts: { lock?: boolean } = {}) {
  const s = await one<SubmissionRow>(
    ex,
    sql`${submissionSelect} WHERE ${taskScope(actor)} AND s.id = ${id}${opts.lock ? sql` FOR UPDATE OF s, a` : sql``}`,
  );
  if (!s) throw notFound('Submission');
  return s;
}
