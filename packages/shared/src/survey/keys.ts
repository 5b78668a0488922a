/**
 * Question keys: what answers, bindings (`{"nps": "q1"}`), conditions (`{q1} <= 6`) and export headers name a
 * question by. Keys are generated (`q1`, `q2`, …) so that a title in Chinese never has to become one; an editor
 * may change a key, within these rules.
 */
export const QUESTION_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** Why a key cannot be used, as a code the console translates; `null` when it can. */
export type TQuestionKeyProblem = 'question.key_empty' | 'question.key_invalid' | 'question.key_duplicate';

/** Checks a key against the format and the survey's other keys. */
export function questionKeyProblem(key: string, otherKeys: Iterable<string>): TQuestionKeyProblem | null {
  if (!key) return 'question.key_empty';
  if (!QUESTION_KEY_PATTERN.test(key)) return 'question.key_invalid';
  for (const k of otherKeys) if (k === key) return 'question.key_duplicate';
  return null;
}

/** The next free generated key: `q` and the smallest number above every `qN` already used. */
export function nextQuestionKey(used: Iterable<string>): string {
  let max = 0;
  for (const k of used) {
    const m = /^q(\d+)$/.exec(k);
    if (m) max = Math.max(max, Number(m[1]));
  }
  const taken = new Set(used);
  let n = max + 1;
  while (taken.has(`q${n}`)) n++;
  return `q${n}`;
}
