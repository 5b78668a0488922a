import type { TAssignment, TAssignmentStatus, TQuestion, TQuiz } from '@loopcx/shared';

export interface QuizRow {
  id: string;
  name: string;
  name_en: string | null;
  description: string | null;
  pass_mark: number;
  max_attempts: number;
  version: number;
  archived: boolean;
  checklist_id: string | null;
  checklist_name: string | null;
  item_codes: string[];
  questions: TQuestion[];
  assignment_count: number | string;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface AssignmentRow {
  id: string;
  quiz_id: string;
  quiz_name: string;
  quiz_name_en: string | null;
  pass_mark: number;
  max_attempts: number;
  user_id: string;
  user_name: string;
  org_unit_id: string;
  unit_name: string;
  unit_path: string;
  status: 'open' | 'passed' | 'failed';
  overdue: boolean;
  attempts: number;
  best_score: number | null;
  due_at: Date | string | null;
  audit_id: string | null;
  item_code: string | null;
  assigned_at: Date | string;
  first_attempt_at: Date | string | null;
  passed_at: Date | string | null;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** The questions without their correct answers: what a taker's browser receives. */
export function questionsForTaker(questions: TQuestion[]) {
  return questions.map((q) => ({
    code: q.code,
    type: q.type,
    text: q.text,
    textEn: q.textEn ?? null,
    choices: choicesOf(q),
    points: q.points,
  }));
}

/** A question's choices as shown; a true/false question shows 对 / 错 (true / false). */
function choicesOf(q: TQuestion) {
  if (q.type === 'true_false')
    return [
      { value: 'true', text: '对', textEn: 'True' },
      { value: 'false', text: '错', textEn: 'False' },
    ];
  return q.choices.map((c) => ({ value: c.value, text: c.text, textEn: c.textEn ?? null }));
}

/** A quiz as its managers see it (with the answers). */
export function presentQuiz(q: QuizRow): TQuiz {
  return {
    id: q.id,
    name: q.name,
    nameEn: q.name_en,
    description: q.description,
    passMark: q.pass_mark,
    maxAttempts: q.max_attempts,
    version: q.version,
    archived: q.archived,
    checklistId: q.checklist_id,
    checklistName: q.checklist_name,
    itemCodes: q.item_codes,
    questions: q.questions.map((x) => ({ ...questionsForTaker([x])[0], correct: x.correct })),
    assignmentCount: Number(q.assignment_count),
    createdAt: iso(q.created_at)!,
    updatedAt: iso(q.updated_at)!,
  };
}

/** A quiz as its taker sees it: the current questions without their answers. */
export function presentQuizForTaker(q: QuizRow) {
  return {
    id: q.id,
    name: q.name,
    nameEn: q.name_en,
    description: q.description,
    passMark: q.pass_mark,
    maxAttempts: q.max_attempts,
    version: q.version,
    questions: questionsForTaker(q.questions),
  };
}

/** An assignment; an open one past its due time shows as `overdue`. */
export function presentAssignment(a: AssignmentRow): TAssignment {
  const status: TAssignmentStatus = a.status === 'open' && a.overdue ? 'overdue' : a.status;
  return {
    id: a.id,
    quizId: a.quiz_id,
    quizName: a.quiz_name,
    quizNameEn: a.quiz_name_en,
    passMark: a.pass_mark,
    maxAttempts: a.max_attempts,
    userId: a.user_id,
    userName: a.user_name,
    orgUnitId: a.org_unit_id,
    unitName: a.unit_name,
    status,
    attempts: a.attempts,
    bestScore: a.best_score === null ? null : Number(a.best_score),
    dueAt: iso(a.due_at),
    auditId: a.audit_id,
    itemCode: a.item_code,
    assignedAt: iso(a.assigned_at)!,
    firstAttemptAt: iso(a.first_attempt_at),
    passedAt: iso(a.passed_at),
  };
}
