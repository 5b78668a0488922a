import { localText, surveyQuestions } from '@loopcx/shared';
import { type Executor, one, sql } from '../../platform/db.ts';
import { invalid } from '../../platform/errors.ts';

export interface ScreenerQuestion {
  name: string;
  type: 'single' | 'multi' | 'text';
  title: { zh: string; en: string };
  required: boolean;
  choices: Array<{ value: string; text: { zh: string; en: string } }>;
}

const SINGLE = new Set(['radiogroup', 'dropdown', 'boolean', 'rating']);
const MULTI = new Set(['checkbox', 'tagbox']);
const TEXT = new Set(['text', 'comment']);

const loc = (v: unknown, fallback: string) => ({
  zh: localText(v, 'zh-CN') ?? fallback,
  en: localText(v, 'en') ?? fallback,
});

/**
 * The screener as the join page asks it: the questions of the survey's current definition that a phone form can
 * ask — single choices (radio, dropdown, yes/no, rating), multiple choices and short text; others are skipped.
 */
export function screenerQuestions(definition: unknown): ScreenerQuestion[] {
  const raw = definition && typeof definition === 'object' ? (definition as Record<string, unknown>) : {};
  const required = new Set<string>();
  const walk = (els: unknown) => {
    if (!Array.isArray(els)) return;
    for (const e of els as Array<Record<string, unknown>>) {
      if (e?.type === 'panel') walk(e.elements);
      else if (e?.isRequired === true && typeof e.name === 'string') required.add(e.name);
    }
  };
  if (Array.isArray(raw.pages)) for (const p of raw.pages as Array<Record<string, unknown>>) walk(p?.elements);
  walk(raw.elements);
  return surveyQuestions(definition).flatMap((q): ScreenerQuestion[] => {
    const title = loc(q.title, q.name);
    const base = { name: q.name, title, required: required.has(q.name) };
    if (q.type === 'boolean')
      return [
        {
          ...base,
          type: 'single',
          choices: [
            { value: 'true', text: loc(q.labelTrue, '是 / Yes') },
            { value: 'false', text: loc(q.labelFalse, '否 / No') },
          ],
        },
      ];
    if (q.type === 'rating')
      return [
        {
          ...base,
          type: 'single',
          choices: ['1', '2', '3', '4', '5'].map((v) => ({ value: v, text: { zh: v, en: v } })),
        },
      ];
    if (SINGLE.has(q.type) || MULTI.has(q.type))
      return [
        {
          ...base,
          type: MULTI.has(q.type) ? 'multi' : 'single',
          choices: q.choices.map((c) => ({ value: c.value, text: loc(c.text, c.value) })),
        },
      ];
    if (TEXT.has(q.type)) return [{ ...base, type: 'text', choices: [] }];
    return [];
  });
}

/** The screener of a survey of the tenant (its current definition), or 422 naming `field` when there is none. */
export async function loadScreener(ex: Executor, tenantId: string, surveyId: string, field = 'screenerSurveyId') {
  const s = await one<{ name: string; definition: unknown }>(
    ex,
    sql`SELECT name, definition FROM surveys WHERE tenant_id = ${tenantId} AND id = ${surveyId}`,
  );
  if (!s) throw invalid(field, 'not a survey of this tenant');
  return { name: s.name, questions: screenerQuestions(s.definition) };
}

/**
 * Checks an applicant's answers against the screener: every answer names a question, choices are among its
 * choices, required questions are answered. Returns the answers kept (trimmed); 422 names `answers.<question>`.
 */
export function checkAnswers(questions: ScreenerQuestion[], answers: Record<string, string | string[]>) {
  const byName = new Map(questions.map((q) => [q.name, q]));
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(answers)) {
    const q = byName.get(name);
    if (!q) throw invalid(`answers.${name}`, 'not a question of the screener');
    const values = Array.isArray(value) ? value : [value];
    if (q.type !== 'multi' && Array.isArray(value)) throw invalid(`answers.${name}`, 'one answer');
    if (q.type !== 'text')
      for (const v of values)
        if (!q.choices.some((c) => c.value === v)) throw invalid(`answers.${name}`, `${v} is not a choice`);
    out[name] = Array.isArray(value) ? value : value.trim();
  }
  for (const q of questions) {
    const v = out[q.name];
    if (q.required && (v === undefined || v === '' || (Array.isArray(v) && !v.length)))
      throw invalid(`answers.${q.name}`, 'required');
  }
  return out;
}
