import type { TBindings } from '@loopcx/shared';
import { Model } from 'survey-core';
import { AppError, type InvalidParam } from '../../platform/errors.ts';

const MAX_BYTES = 512 * 1024;
const MAX_QUESTIONS = 500;

function depth(v: unknown, d = 0): number {
  if (d > 40) return d;
  if (Array.isArray(v)) return v.reduce((m: number, x) => Math.max(m, depth(x, d + 1)), d + 1);
  if (v && typeof v === 'object') return Object.values(v).reduce((m: number, x) => Math.max(m, depth(x, d + 1)), d + 1);
  return d;
}

const CONTAINERS = ['pages', 'elements', 'questions', 'templateElements'] as const;
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The shape survey-core relies on without checking (security finding 2: a page or element whose `name` or `type` was
 * a number or an object made survey-core throw, a 500): pages and elements are objects, their `name` and `type`
 * strings. Walks the container arrays with a stack, so it is safe on any input; survey-core judges the rest.
 */
export function checkDefinitionShape(definition: unknown, field = 'definition'): InvalidParam[] {
  if (!isObject(definition)) return [{ name: field, reason: 'must be an object' }];
  const problems: InvalidParam[] = [];
  const stack: Array<[Record<string, unknown>, string]> = [[definition, field]];
  while (stack.length && problems.length < 20) {
    const [node, at] = stack.pop()!;
    for (const key of CONTAINERS) {
      const list = node[key];
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        problems.push({ name: `${at}.${key}`, reason: 'must be an array' });
        continue;
      }
      for (const [i, el] of list.entries()) {
        const where = `${at}.${key}.${i}`;
        if (!isObject(el)) {
          problems.push({ name: where, reason: 'must be an object' });
          continue;
        }
        for (const prop of ['name', 'type'])
          if (el[prop] !== undefined && typeof el[prop] !== 'string')
            problems.push({ name: `${where}.${prop}`, reason: 'must be a string' });
        stack.push([el, where]);
      }
    }
  }
  return problems;
}

/**
 * Checks a SurveyJS definition: size, nesting, shape (`checkDefinitionShape`), that survey-core loads it without errors, unique question
 * names and at least one question. Returns the questions (name → type and rating range) for binding checks.
 */
export function checkDefinition(definition: Record<string, unknown>, field = 'definition') {
  const size = Buffer.byteLength(JSON.stringify(definition));
  if (size > MAX_BYTES)
    throw new AppError('invalid', `${field}: larger than 512 KB`, {
      invalidParams: [{ name: field, reason: 'larger than 512 KB', code: 'definition.too_large' }],
    });
  if (depth(definition) > 30)
    throw new AppError('invalid', `${field}: nested too deeply`, {
      invalidParams: [{ name: field, reason: 'nested too deeply', code: 'definition.too_deep' }],
    });
  const shape = checkDefinitionShape(definition, field);
  if (shape.length)
    throw new AppError('invalid', shape.map((p) => `${p.name}: ${p.reason}`).join('; '), { invalidParams: shape });
  const model = new Model(definition);
  // Unknown properties are ignored by SurveyJS (custom or newer attributes); unknown element types and
  // missing required properties make the survey lose questions, so those are errors.
  const problems: InvalidParam[] = (model.jsonErrors ?? [])
    .filter((e: any) => !/^Unknown property/.test(String(e.message ?? e)))
    .map((e: any): InvalidParam => {
      const reason = String(e.message ?? e);
      // A question without a key is the one a newcomer makes (the builder once dropped Chinese typed as a key).
      return /property 'name' is required/.test(reason)
        ? { name: field, reason, code: 'question.name_missing' }
        : { name: field, reason, code: 'definition.invalid', params: { message: reason } };
    });
  const questions = new Map<string, { type: string; min?: number; max?: number; values?: number[] }>();
  // Top-level questions only: the same name inside different dynamic panels or matrices is legitimate.
  const all = model.getAllQuestions(false, false, false) as any[];
  for (const q of all) {
    if (questions.has(q.name))
      problems.push({
        name: field,
        reason: `two questions are named ${q.name}`,
        code: 'question.name_duplicate',
        params: { name: q.name },
      });
    const values = (q.rateValues ?? []).map((v: any) => Number(v.value ?? v)).filter((n: number) => Number.isFinite(n));
    questions.set(q.name, {
      type: q.getType(),
      min: q.rateMin,
      max: q.rateMax,
      values: values.length ? values : undefined,
    });
  }
  model.dispose();
  if (all.filter((q) => q.getType() !== 'html').length === 0)
    problems.push({ name: field, reason: 'the survey has no questions', code: 'survey.no_questions' });
  if (all.length > MAX_QUESTIONS)
    problems.push({
      name: field,
      reason: `more than ${MAX_QUESTIONS} questions`,
      code: 'survey.too_many_questions',
      params: { max: MAX_QUESTIONS },
    });
  if (problems.length)
    throw new AppError('invalid', problems.map((p) => p.reason).join('; '), { invalidParams: problems });
  return questions;
}

/**
 * Bindings must name rating questions of a fitting scale: NPS 0–10, CSAT 1–5 or 1–7, CES 1–7, ratings any
 * rating. Errors name the binding (`bindings.nps`).
 */
export function checkBindings(bindings: TBindings, questions: ReturnType<typeof checkDefinition>) {
  const problems: InvalidParam[] = [];
  const range = (name: string) => {
    const q = questions.get(name);
    if (!q) return null;
    if (q.type !== 'rating') return { type: q.type };
    const lo = q.values ? Math.min(...q.values) : Number(q.min ?? 1);
    const hi = q.values ? Math.max(...q.values) : Number(q.max ?? 5);
    return { type: 'rating', lo, hi };
  };
  const check = (
    field: string,
    name: string | undefined,
    fits: (lo: number, hi: number) => boolean,
    want: string,
    scale: string,
  ) => {
    if (!name) return;
    const r = range(name);
    if (!r)
      problems.push({
        name: `bindings.${field}`,
        reason: `no question named ${name}`,
        code: 'binding.unknown_question',
        params: { binding: field, question: name },
      });
    else if (r.type !== 'rating' || !fits(r.lo!, r.hi!))
      problems.push({
        name: `bindings.${field}`,
        reason: `${name} must be a rating question ${want}`,
        code: 'binding.wrong_scale',
        params: { binding: field, question: name, scale },
      });
  };
  check('nps', bindings.nps, (lo, hi) => lo === 0 && hi === 10, 'from 0 to 10', '0–10');
  const csat = typeof bindings.csat === 'object' ? bindings.csat.question : bindings.csat;
  const scale = typeof bindings.csat === 'object' ? bindings.csat.scale : undefined;
  check(
    'csat',
    csat,
    (lo, hi) => lo === 1 && (scale ? hi === scale : hi === 5 || hi === 7),
    scale ? `from 1 to ${scale}` : 'from 1 to 5 or 1 to 7',
    scale ? `1–${scale}` : '1–5 / 1–7',
  );
  check('ces', bindings.ces, (lo, hi) => lo === 1 && hi === 7, 'from 1 to 7', '1–7');
  for (const [i, q] of (bindings.ratings ?? []).entries())
    check(`ratings.${i}`, q, (lo, hi) => hi - lo >= 1 && hi <= 10 && lo >= 0, 'on a 0–10 scale', '0–10');
  if (problems.length)
    throw new AppError('invalid', problems.map((p) => `${p.name}: ${p.reason}`).join('; '), {
      invalidParams: problems,
    });
}
