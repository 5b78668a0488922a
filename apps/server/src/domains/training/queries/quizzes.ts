import type { TQuestion } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import type { QuizRow } from '../presenter.ts';

/** A quiz is the tenant's (like a checklist): the tenant is its boundary. Questions are the current version's. */
const SELECT = (tenantId: string) => sql`SELECT q.id, q.name, q.name_en, q.description, q.pass_mark,
    q.max_attempts, q.version, q.archived, q.checklist_id, c.name AS checklist_name, q.item_codes, v.questions,
    q.created_at, q.updated_at,
    (SELECT count(*) FROM training_assignments a WHERE a.tenant_id = q.tenant_id AND a.quiz_id = q.id) AS assignment_count
  FROM training_quizzes q
  JOIN training_quiz_versions v ON v.tenant_id = q.tenant_id AND v.quiz_id = q.id AND v.version = q.version
  LEFT JOIN checklists c ON c.tenant_id = q.tenant_id AND c.id = q.checklist_id
  WHERE q.tenant_id = ${tenantId}`;

/** The tenant's quizzes, active first then by name; archived only when asked; optionally those training an item. */
export async function listQuizzes(
  ex: Executor,
  actor: Actor,
  f: { archived?: boolean; checklistId?: string; itemCode?: string },
): Promise<QuizRow[]> {
  return rows<QuizRow>(
    ex,
    sql`${SELECT(actor.tenantId)} ${f.archived ? sql`` : sql`AND NOT q.archived`}
        ${f.checklistId ? sql`AND q.checklist_id = ${f.checklistId}` : sql``}
        ${f.itemCode ? sql`AND ${f.itemCode} = ANY(q.item_codes)` : sql``}
        ORDER BY q.archived, q.name, q.id`,
  );
}

/** One quiz of the caller's tenant; 404 for another tenant's or a missing one. */
export async function getQuiz(ex: Executor, actor: Actor, id: string, opts: { lock?: boolean } = {}) {
  if (opts.lock)
    await ex.execute(sql`SELECT 1 FROM training_quizzes WHERE tenant_id = ${actor.tenantId} AND id = ${id} FOR UPDATE`);
  const q = await one<QuizRow>(ex, sql`${SELECT(actor.tenantId)} AND q.id = ${id}`);
  if (!q) throw notFound('Quiz');
  return q;
}

/** The questions and pass mark of one version of a quiz (what an attempt is graded against). */
export async function quizVersion(ex: Executor, tenantId: string, quizId: string, version: number) {
  return one<{ questions: TQuestion[]; pass_mark: number }>(
    ex,
    sql`SELECT questions, pass_mark FROM training_quiz_versions
        WHERE tenant_id = ${tenantId} AND quiz_id = ${quizId} AND version = ${version}`,
  );
}

/**
 * The questions (with answers) of the version an assignment's last attempt was graded against — what a taker is
 * shown once done, so the answers match the questions they answered even after the quiz was edited.
 */
export async function lastAttemptQuestions(ex: Executor, tenantId: string, assignmentId: string) {
  const v = await one<{ questions: TQuestion[] }>(
    ex,
    sql`SELECT v.questions FROM training_attempts t
        JOIN training_assignments a ON a.tenant_id = t.tenant_id AND a.id = t.assignment_id
        JOIN training_quiz_versions v ON v.tenant_id = t.tenant_id AND v.quiz_id = a.quiz_id AND v.version = t.quiz_version
        WHERE t.tenant_id = ${tenantId} AND t.assignment_id = ${assignmentId}
        ORDER BY t.number DESC LIMIT 1`,
  );
  return v?.questions ?? null;
}
