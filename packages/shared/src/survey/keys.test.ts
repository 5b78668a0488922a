import { describe, expect, it } from 'vitest';
import { nextQuestionKey, questionKeyProblem } from './keys.ts';

describe('question keys', () => {
  it('generates q1, q2, … after the highest used, whatever the titles are', () => {
    expect(nextQuestionKey([])).toBe('q1');
    expect(nextQuestionKey(['q1', 'q2'])).toBe('q3');
    expect(nextQuestionKey(['q1', 'q7', 'nps'])).toBe('q8');
    expect(nextQuestionKey(['nps', 'comment'])).toBe('q1');
  });

  it('refuses empty, Chinese, spaced, leading-digit and duplicate keys with a code', () => {
    expect(questionKeyProblem('', [])).toBe('question.key_empty');
    expect(questionKeyProblem('推荐', [])).toBe('question.key_invalid');
    expect(questionKeyProblem('wait time', [])).toBe('question.key_invalid');
    expect(questionKeyProblem('1q', [])).toBe('question.key_invalid');
    expect(questionKeyProblem('a.b', [])).toBe('question.key_invalid');
    expect(questionKeyProblem('q1', ['q1', 'q2'])).toBe('question.key_duplicate');
    expect(questionKeyProblem('wait_time-2', ['q1'])).toBeNull();
  });
});
