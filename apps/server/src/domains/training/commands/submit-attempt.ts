import { randomUUID } from 'node:crypto';
import type { TNewAttempt, TQuestion } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { AppError, conflict, forbidden, type InvalidParam } from '../../../platform/errors.ts';
import { gradeAttempt } from '../grade.ts';
import type { AssignmentRow } from '../presenter.ts';
import { type AttemptRow, attemptsOf } from '../queries/assignments.ts';
import { getQuiz, quizVersion } from '../queries/quizzes.ts';

/** 422 listing every answer that names no question of the version, repeats one, or picks a value not offered. */
function checkAnswers(questions: TQuestion[], answers: TNewAttempt['answers']): void {
  const byCode = new Map(questions.map((q) => [q.code, q]));
  const seen = new Set<string>();
  const problems: InvalidParam[] = [];
  answers.forEach((a, i) => {
    const q = byCode.get(a.code);
    if (!q) problems.push({ name: `answers.${i}.code`, reason: `${a.code} is not a question of this quiz` });
    else if (seen.has(a.code)) problems.push({ name: `answers.${i}.code`, reason: `${a.code} is answered twice` });
    seen.add(a.code);
    if (!q) return;
    const offered = q.type === 'true_false' ? ['true', 'false'] : q.choices.map((c) => c.value);
    for (const v of a.values)
      if (!offered.includes(v))
        problems.push({ name: `answers.${i}.values`, reason: `${v} is not a choice of ${q.code}` });
    if (q.type !== 'multiple' && a.values.length > 1)
      problems.push({ name: `answers.${i}.values`, reason: `${q.code} takes one answer` });
    if (new Set(a.values).size !== a.values.length)
      problems.push({ name: `answers.${i}.values`, reason: `a value of ${q.code} repeats` });
  });
  if (problems.length)
    throw new AppError('invalid', problems.map((p) => `${p.name}: ${p.reason}`).join('; '), {
      invalidParams: problems,
    });
}

/**
 * Grades an attempt of an assignment (locked by the caller) against the quiz's current version and records it:
 * only the assignee attempts; a passed assignment or one out of attempts takes no more (409); an overdue one still
 * may (late training is still training, and the list shows it was late). Unanswered questions count as wrong.
 * The same idempotency key again answers the stored attempt (`replay`). Passing closes the assignment as passed;
 * the last allowed attempt without passing closes it as failed.
 */
export async function submitAttempt(
  tx: Tx,
  actor: Actor,
  a: AssignmentRow,
  b: TNewAttempt,
  now: Date,
): Promise<{ attempt: AttemptRow; replay: boolean }> {
  if (actor.kind !== 'user' || a.user_id !== actor.id) throw forbidden('Only the assignee takes this quiz');
  const past = await attemptsOf(tx, actor.tenantId, a.id);
  const stored = b.idempotencyKey ? past.find((p) => p.idempotency_key === b.idempotencyKey) : undefined;
  if (stored) return { attempt: stored, replay: true };
  if (a.status === 'passed') throw conflict('The quiz is already passed');
  if (a.status === 'failed' || past.length >= a.max_attempts) throw conflict('No attempts are left');
  const quiz = await getQuiz(tx, actor, a.quiz_id);
  const v = (await quizVersion(tx, actor.tenantId, quiz.id, quiz.version))!;
  checkAnswers(v.questions, b.answers);
  const g = gradeAttempt(v.questions, b.answers, v.pass_mark);
  const number = past.length + 1;
  const id = randomUUID();
  await tx.execute(
    sql`INSERT INTO training_attempts (tenant_id, id, assignment_id, number, quiz_version, answers, score, passed, wrong,
          idempotency_key, created_at)
        VALUES (${actor.tenantId}, ${id}, ${a.id}, ${number}, ${quiz.version}, ${JSON.stringify(b.answers)}::jsonb,
          ${g.score}, ${g.passed}, ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(g.wrong)}::jsonb)),
          ${b.idempotencyKey ?? null}, ${now.toISOString()})`,
  );
  const status = g.passed ? 'passed' : number >= a.max_attempts ? 'failed' : 'open';
  await tx.execute(
    sql`UPDATE training_assignments SET attempts = ${number}, status = ${status},
          first_attempt_at = coalesce(first_attempt_at, ${now.toISOString()}::timestamptz),
          best_score = greatest(coalesce(best_score, 0), ${g.score}),
          passed_at = ${g.passed ? now.toISOString() : null}
        WHERE tenant_id = ${actor.tenantId} AND id = ${a.id}`,
  );
  await audit(tx, actor, 'training.attempt', 'training_assignment', a.id, { number, score: g.score, passed: g.passed });
  return {
    attempt: {
      id,
      number,
      score: g.score,
      passed: g.passed,
      wrong: g.wrong,
      created_at: now,
      idempotency_key: b.idempotencyKey ?? null,
    },
    replay: false,
  };
}
