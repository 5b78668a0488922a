import { randomUUID } from 'node:crypto';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { one, rows, sql, type Tx } from '../../../platform/db.ts';
import { conflict, invalid, notFound } from '../../../platform/errors.ts';
import { requireUnitInScope } from '../../org/scope.ts';
import { authorizeAssignTraining } from '../policy.ts';

/** Days an assignment is due in when no due time is given. */
export const DEFAULT_DUE_DAYS = 7;

export interface StaffAssignment {
  tenantId: string;
  quizId: string;
  unitId: string;
  /** Only these of the unit's staff; null: every active user whose unit it is. */
  userIds: string[] | null;
  dueAt: Date;
  auditId: string | null;
  itemCode: string | null;
  assignedBy: string | null;
}

/**
 * Assigns a quiz to a unit's staff (active users whose org unit is the unit), skipping anyone who already holds an
 * open assignment of the quiz (not passed, not failed out of attempts, not overdue). Serialised per (tenant, quiz)
 * by an advisory lock so two audits submitted together cannot assign one person twice. Returns the new ids and
 * the skipped user ids.
 */
export async function assignStaff(tx: Tx, a: StaffAssignment, now: Date) {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`training:${a.tenantId}:${a.quizId}`}))`);
  const staff = await rows<{ id: string; open: boolean }>(
    tx,
    sql`SELECT u.id, EXISTS (SELECT 1 FROM training_assignments t WHERE t.tenant_id = u.tenant_id AND t.user_id = u.id
          AND t.quiz_id = ${a.quizId} AND t.status = 'open'
          AND (t.due_at IS NULL OR t.due_at > ${now.toISOString()}::timestamptz)) AS open
        FROM users u WHERE u.tenant_id = ${a.tenantId} AND u.org_unit_id = ${a.unitId} AND u.status = 'active'
        ${a.userIds ? sql`AND u.id IN (SELECT jsonb_array_elements_text(${JSON.stringify(a.userIds)}::jsonb)::uuid)` : sql``}
        ORDER BY u.name, u.id`,
  );
  const fresh = staff.filter((s) => !s.open).map((s) => ({ id: randomUUID() as string, userId: s.id }));
  if (fresh.length)
    await tx.execute(
      sql`INSERT INTO training_assignments (tenant_id, id, quiz_id, user_id, org_unit_id, due_at, audit_id, item_code,
            assigned_by, assigned_at)
          SELECT ${a.tenantId}, x.id, ${a.quizId}, x."userId", ${a.unitId}, ${a.dueAt.toISOString()}, ${a.auditId},
            ${a.itemCode}, ${a.assignedBy}, ${now.toISOString()}
          FROM jsonb_to_recordset(${JSON.stringify(fresh)}::jsonb) AS x(id uuid, "userId" uuid)`,
    );
  return { ids: fresh.map((f) => f.id), skipped: staff.filter((s) => s.open).map((s) => s.id), staff: staff.length };
}

export interface AssignInput {
  quizId: string;
  orgUnitId: string;
  userIds?: string[];
  dueAt?: string;
  auditId?: string;
  itemCode?: string;
}

/**
 * `POST /training/assignments`: a quiz (active) to the staff of a unit in the caller's scope, optionally only some
 * of them (each must be an active user of that unit), due at `dueAt` (future; default in 7 days), optionally
 * answering an audit of that unit and one of its failed items.
 */
export async function assignTraining(tx: Tx, actor: Actor, b: AssignInput, now: Date) {
  authorizeAssignTraining(actor);
  const unit = await requireUnitInScope(tx, actor, b.orgUnitId);
  const quiz = await one<{ archived: boolean }>(
    tx,
    sql`SELECT archived FROM training_quizzes WHERE tenant_id = ${actor.tenantId} AND id = ${b.quizId}`,
  );
  if (!quiz) throw notFound('Quiz');
  if (quiz.archived) throw conflict('The quiz is archived', 'quizId');
  const dueAt = b.dueAt ? new Date(b.dueAt) : new Date(now.getTime() + DEFAULT_DUE_DAYS * 86400_000);
  if (dueAt <= now) throw invalid('dueAt', 'give a time in the future');
  if (b.itemCode && !b.auditId) throw invalid('itemCode', 'an item code comes with its auditId');
  if (b.auditId) {
    const au = await one<{ failed: boolean | null }>(
      tx,
      sql`SELECT (SELECT r.result = 'fail' FROM audit_results r WHERE r.tenant_id = a.tenant_id AND r.audit_id = a.id
            AND r.code = ${b.itemCode ?? ''}) AS failed
          FROM audits a WHERE a.tenant_id = ${actor.tenantId} AND a.id = ${b.auditId} AND a.org_unit_id = ${unit.id}`,
    );
    if (!au) throw invalid('auditId', 'not an audit of this unit');
    if (b.itemCode && !au.failed) throw invalid('itemCode', 'not a failed item of this audit');
  }
  if (b.userIds) {
    const known = await rows<{ id: string }>(
      tx,
      sql`SELECT id FROM users WHERE tenant_id = ${actor.tenantId} AND org_unit_id = ${unit.id} AND status = 'active'
          AND id IN (SELECT jsonb_array_elements_text(${JSON.stringify(b.userIds)}::jsonb)::uuid)`,
    );
    const ok = new Set(known.map((k) => k.id));
    const bad = b.userIds.filter((u) => !ok.has(u));
    if (bad.length) throw invalid('userIds', `not active staff of this unit: ${bad.join(', ')}`);
  }
  const r = await assignStaff(
    tx,
    {
      tenantId: actor.tenantId,
      quizId: b.quizId,
      unitId: unit.id,
      userIds: b.userIds ?? null,
      dueAt,
      auditId: b.auditId ?? null,
      itemCode: b.itemCode ?? null,
      assignedBy: actor.kind === 'user' ? actor.id : null,
    },
    now,
  );
  if (r.staff === 0) throw invalid('orgUnitId', 'the unit has no active staff');
  await audit(tx, actor, 'training.assign', 'training_quiz', b.quizId, { ...b, assignments: r.ids.length });
  return r;
}
