import type { TAssignmentStatus } from '@loopcx/shared';
import type { SQL } from 'drizzle-orm';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { orgScope, pathUnder, requireUnitInScope } from '../../org/scope.ts';
import type { AssignmentRow } from '../presenter.ts';

export const PAGE_SIZE = 50;

/** Assignments with their quiz, user and unit; `overdue` against the given time. */
const SELECT = (tenantId: string, now: Date) => sql`SELECT a.id, a.quiz_id, q.name AS quiz_name,
    q.name_en AS quiz_name_en, q.pass_mark, q.max_attempts, a.user_id, u.name AS user_name, a.org_unit_id,
    o.name AS unit_name, o.path AS unit_path, a.status,
    (a.status = 'open' AND a.due_at IS NOT NULL AND a.due_at <= ${now.toISOString()}::timestamptz) AS overdue,
    a.attempts, a.best_score, a.due_at, a.audit_id, a.item_code, a.assigned_at, a.first_attempt_at, a.passed_at
  FROM training_assignments a
  JOIN training_quizzes q ON q.tenant_id = a.tenant_id AND q.id = a.quiz_id
  JOIN users u ON u.tenant_id = a.tenant_id AND u.id = a.user_id
  JOIN org_units o ON o.tenant_id = a.tenant_id AND o.id = a.org_unit_id
  WHERE a.tenant_id = ${tenantId}`;

/** The SQL condition of a presented status (overdue = open and past due). */
function statusIs(status: TAssignmentStatus, now: Date): SQL {
  const due = sql`(a.due_at IS NOT NULL AND a.due_at <= ${now.toISOString()}::timestamptz)`;
  if (status === 'overdue') return sql`a.status = 'open' AND ${due}`;
  if (status === 'open') return sql`a.status = 'open' AND NOT ${due}`;
  return sql`a.status = ${status}`;
}

export interface AssignmentFilter {
  orgUnitId?: string;
  status?: TAssignmentStatus;
  quizId?: string;
  auditId?: string;
  page: number;
}

/** Assignments of the caller's subtree (or a unit's subtree within it), newest first, a page of 50 at a time. */
export async function listAssignments(ex: Executor, actor: Actor, f: AssignmentFilter, now: Date) {
  const unit = f.orgUnitId ? await requireUnitInScope(ex, actor, f.orgUnitId) : null;
  const where = sql`AND ${orgScope(actor, 'o')} ${unit ? sql`AND ${pathUnder('o', unit.path)}` : sql``}
    ${f.status ? sql`AND ${statusIs(f.status, now)}` : sql``}
    ${f.quizId ? sql`AND a.quiz_id = ${f.quizId}` : sql``}
    ${f.auditId ? sql`AND a.audit_id = ${f.auditId}` : sql``}`;
  const items = await rows<AssignmentRow>(
    ex,
    sql`${SELECT(actor.tenantId, now)} ${where}
        ORDER BY a.assigned_at DESC, a.id DESC LIMIT ${PAGE_SIZE} OFFSET ${(f.page - 1) * PAGE_SIZE}`,
  );
  const total = await one<{ n: number }>(
    ex,
    sql`SELECT count(*)::int AS n FROM training_assignments a
        JOIN org_units o ON o.tenant_id = a.tenant_id AND o.id = a.org_unit_id
        WHERE a.tenant_id = ${actor.tenantId} ${where}`,
  );
  return { items, total: Number(total?.n ?? 0) };
}

/** Assignments by id (those just made), in the caller's tenant, by staff name. */
export async function assignmentsByIds(ex: Executor, actor: Actor, ids: string[], now: Date): Promise<AssignmentRow[]> {
  if (!ids.length) return [];
  return rows<AssignmentRow>(
    ex,
    sql`${SELECT(actor.tenantId, now)} AND a.id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)
        ORDER BY u.name, a.id`,
  );
}

/** The caller's own assignments: open and overdue first (soonest due first), then the rest newest first. */
export async function myAssignments(ex: Executor, actor: Actor, now: Date): Promise<AssignmentRow[]> {
  return rows<AssignmentRow>(
    ex,
    sql`${SELECT(actor.tenantId, now)} AND a.user_id = ${actor.id}
        ORDER BY (a.status = 'open') DESC, a.due_at ASC NULLS LAST, a.assigned_at DESC, a.id LIMIT 200`,
  );
}

/**
 * One assignment the caller may see: their own, or — for holders of `inspections.read` — one in their subtree.
 * 404 otherwise (another tenant's, another user's out of scope, missing). `lock` takes the row for an attempt.
 */
export async function getAssignment(
  ex: Executor,
  actor: Actor,
  id: string,
  now: Date,
  opts: { lock?: boolean; canRead: boolean },
): Promise<AssignmentRow> {
  if (opts.lock)
    await ex.execute(
      sql`SELECT 1 FROM training_assignments WHERE tenant_id = ${actor.tenantId} AND id = ${id} FOR UPDATE`,
    );
  const a = await one<AssignmentRow>(
    ex,
    sql`${SELECT(actor.tenantId, now)} AND a.id = ${id}
        AND (a.user_id = ${actor.id} ${opts.canRead ? sql`OR ${orgScope(actor, 'o')}` : sql``})`,
  );
  if (!a) throw notFound('Assignment');
  return a;
}

export interface AttemptRow {
  id: string;
  number: number;
  score: number;
  passed: boolean;
  wrong: string[];
  created_at: Date | string;
  idempotency_key: string | null;
}

/** An assignment's graded attempts, oldest first. */
export async function attemptsOf(ex: Executor, tenantId: string, assignmentId: string): Promise<AttemptRow[]> {
  return rows<AttemptRow>(
    ex,
    sql`SELECT id, number, score, passed, wrong, created_at, idempotency_key FROM training_attempts
        WHERE tenant_id = ${tenantId} AND assignment_id = ${assignmentId} ORDER BY number`,
  );
}
