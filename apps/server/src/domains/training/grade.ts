import type { TQuestion } from '@loopcx/shared';

/** One graded attempt: score in % of points, whether it reaches the pass mark, and the codes answered wrong. */
export interface Grade {
  score: number;
  passed: boolean;
  wrong: string[];
}

/**
 * Grades answers against a version's questions: a question earns its points only when the chosen set equals the
 * correct set exactly (no partial credit on multiple choice, so guessing every box earns nothing); unanswered
 * questions are wrong. Pure, so tests pin the arithmetic and the server is the only grader.
 */
export function gradeAttempt(
  questions: TQuestion[],
  answers: Array<{ code: string; values: string[] }>,
  passMark: number,
): Grade {
  const given = new Map(answers.map((a) => [a.code, new Set(a.values)]));
  let total = 0;
  let earned = 0;
  const wrong: string[] = [];
  for (const q of questions) {
    total += q.points;
    const chosen = given.get(q.code);
    const right = chosen !== undefined && chosen.size === q.correct.length && q.correct.every((v) => chosen.has(v));
    if (right) earned += q.points;
    else wrong.push(q.code);
  }
  const score = total > 0 ? (100 * earned) / total : 0;
  // A float compare on the rounded score: 2/3 of the points is 66.67 %, which passes a 66 % mark and fails 67 %.
  return { score, passed: Math.round(score * 100) / 100 >= passMark, wrong };
}

/** Each question's correct values (shown to a taker once passed or out of attempts, and to QA staff). */
export function correctAnswers(questions: TQuestion[]): Record<string, string[]> {
  return Object.fromEntries(questions.map((q) => [q.code, q.correct]));
}
