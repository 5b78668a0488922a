import { compileCondition, reasonText, type TReason, type TReasonCode, type TReasonParams } from '@loopcx/shared';
import { ConditionRunner, Model } from 'survey-core';
import type { InvalidParam } from '../../platform/errors.ts';

/** What a question accepts, extracted once per survey version. */
export interface QuestionSpec {
  name: string;
  type: string;
  title: string;
  required: boolean;
  choices?: Set<string>;
  hasOther?: boolean;
  min?: number;
  max?: number;
  rateValues?: Set<string>;
  inputType?: string;
  maxLength?: number;
  rows?: Set<string>;
  columns?: Set<string>;
  items?: Set<string>;
  visibleIf?: Cond;
  enableIf?: Cond;
  requiredIf?: Cond;
  /** visibleIf of the page/panels containing the question (all must hold). */
  containerVisibleIf: Cond[];
}

/** Which question each metric reads: `{nps, csat, ces, ratings}` (csat may carry its scale). */
export interface Bindings {
  nps?: string;
  csat?: string | { question: string; scale?: number };
  ces?: string;
  ratings?: string[];
}

export interface CompiledSurvey {
  questions: Map<string, QuestionSpec>;
  /**
   * Contact questions (`text` with `inputType: "tel"`): their answers are call-back phone numbers, which the
   * response keeps only masked (see responses/contact.ts).
   */
  contactPhones: string[];
  /** Checks answers against the definition; returns field errors (`answers.<q>`) and the cleaned answers. */
  validate(
    answers: unknown,
    context?: Record<string, unknown>,
  ): { errors: InvalidParam[]; answers: Record<string, unknown> };
  /** Extracts binding scores: {nps, csat, ces, 'rating:<q>'}. */
  scores(answers: Record<string, unknown>, bindings: Bindings): Record<string, number>;
}

const MAX_TEXT = 10_000;
const key = (v: unknown) => (typeof v === 'object' ? JSON.stringify(v) : String(v));
/** A compiled condition: true only when the expression is true for these values. */
export interface Cond {
  runValues(values: Record<string, unknown>): boolean;
}

/**
 * Conditions run on the lean runtime's evaluator (the respondent page's own, property-tested against
 * survey-core); expressions outside its subset fall back to survey-core's ConditionRunner.
 */
const runner = (expr: unknown): Cond | undefined => {
  if (typeof expr !== 'string' || !expr.trim()) return undefined;
  const lean = compileCondition(expr);
  if (lean) return { runValues: (values) => lean.run(values) };
  const full = new ConditionRunner(expr);
  return { runValues: (values) => full.runValues(values) === true };
};

/** Loads a definition with survey-core; throws the list of load problems when it does not load cleanly. */
export function loadModel(definition: unknown): Model {
  const model = new Model(definition as object);
  return model;
}

function questionSpec(q: any): QuestionSpec {
  const type: string = q.getType();
  const spec: QuestionSpec = {
    name: q.name,
    type,
    title: typeof q.title === 'string' ? q.title : q.name,
    required: !!q.isRequired,
    visibleIf: runner(q.visibleIf),
    enableIf: runner(q.enableIf),
    requiredIf: runner(q.requiredIf),
    containerVisibleIf: [],
  };
  for (let parent = q.parent; parent; parent = parent.parent) {
    const r = runner(parent.visibleIf);
    if (r) spec.containerVisibleIf.push(r);
  }
  const pageIf = runner(q.page?.visibleIf);
  if (pageIf) spec.containerVisibleIf.push(pageIf);
  if (
    Array.isArray(q.choices) &&
    ['radiogroup', 'checkbox', 'dropdown', 'tagbox', 'ranking', 'imagepicker'].includes(type)
  ) {
    spec.choices = new Set(q.choices.map((c: any) => key(c.value)));
    spec.hasOther = !!(q.hasOther || q.showOtherItem || q.hasNone || q.showNoneItem);
    if (q.hasNone || q.showNoneItem) spec.choices.add('none');
    if (q.hasOther || q.showOtherItem) spec.choices.add('other');
  }
  if (type === 'rating') {
    const values = (q.rateValues ?? []).map((v: any) => key(v.value ?? v));
    if (values.length) spec.rateValues = new Set(values);
    else {
      spec.min = Number(q.rateMin ?? 1);
      spec.max = Number(q.rateMax ?? 5);
    }
  }
  if (type === 'text') {
    spec.inputType = q.inputType ?? 'text';
    if (q.min !== undefined && q.min !== '') spec.min = Number(q.min);
    if (q.max !== undefined && q.max !== '') spec.max = Number(q.max);
  }
  if ((type === 'text' || type === 'comment') && q.maxLength > 0) spec.maxLength = q.maxLength;
  if (type === 'matrix') {
    spec.rows = new Set((q.rows ?? []).map((r: any) => key(r.value)));
    spec.columns = new Set((q.columns ?? []).map((c: any) => key(c.value)));
  }
  if (type === 'multipletext') spec.items = new Set((q.items ?? []).map((i: any) => i.name));
  return spec;
}

const r = (code: TReasonCode, params?: TReasonParams): TReason => (params ? { code, params } : { code });
/** An answer's problem for the API: English `reason`, with `code` and `params` for screens that translate it. */
const problem = (name: string, reason: TReason): InvalidParam => ({
  name,
  reason: reasonText(reason),
  code: reason.code,
  ...(reason.params ? { params: reason.params } : {}),
});

function checkValue(spec: QuestionSpec, v: unknown): TReason | null {
  switch (spec.type) {
    case 'rating':
      if (spec.rateValues) return spec.rateValues.has(key(v)) ? null : r('answer.not_rating_value');
      if (typeof v !== 'number' || !Number.isFinite(v)) return r('answer.not_number');
      return v < spec.min! || v > spec.max! ? r('answer.out_of_range', { min: spec.min!, max: spec.max! }) : null;
    case 'radiogroup':
    case 'dropdown':
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return r('answer.not_one_choice');
      return spec.choices && !spec.choices.has(key(v)) ? r('answer.not_a_choice') : null;
    case 'checkbox':
    case 'tagbox':
      if (!Array.isArray(v) || v.length > 1000) return r('answer.not_choice_list');
      return spec.choices && v.some((x) => !spec.choices!.has(key(x))) ? r('answer.list_not_choices') : null;
    case 'ranking':
      if (!Array.isArray(v)) return r('answer.not_ranking');
      if (spec.choices && (v.some((x) => !spec.choices!.has(key(x))) || new Set(v.map(key)).size !== v.length))
        return r('answer.rank_once');
      return null;
    case 'boolean':
      return typeof v === 'boolean' ? null : r('answer.not_boolean');
    case 'text':
      if (spec.inputType === 'number' || spec.inputType === 'range') {
        if (typeof v !== 'number' || !Number.isFinite(v)) return r('answer.not_number');
        if (spec.min !== undefined && v < spec.min) return r('answer.min', { min: spec.min });
        if (spec.max !== undefined && v > spec.max) return r('answer.max', { max: spec.max });
        return null;
      }
      if (typeof v !== 'string' && typeof v !== 'number') return r('answer.not_text');
      return String(v).length > (spec.maxLength ?? MAX_TEXT) ? r('answer.too_long') : null;
    case 'comment':
      if (typeof v !== 'string') return r('answer.not_text');
      return v.length > (spec.maxLength ?? MAX_TEXT) ? r('answer.too_long') : null;
    case 'matrix': {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return r('answer.not_matrix');
      for (const [row, col] of Object.entries(v)) {
        if (!spec.rows!.has(row)) return r('answer.unknown_row', { row });
        if (!spec.columns!.has(key(col))) return r('answer.row_not_column', { row });
      }
      return null;
    }
    case 'multipletext': {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return r('answer.not_items');
      for (const [item, text] of Object.entries(v)) {
        if (!spec.items!.has(item)) return r('answer.unknown_item', { item });
        if (typeof text !== 'string' && typeof text !== 'number') return r('answer.item_not_text', { item });
      }
      return null;
    }
    default: {
      // Other SurveyJS types: accept JSON values of bounded size.
      const size = JSON.stringify(v)?.length ?? 0;
      return size > MAX_TEXT * 4 ? r('answer.too_large') : null;
    }
  }
}

const isEmpty = (v: unknown) =>
  v === undefined ||
  v === null ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);

/**
 * Compiles a survey version into a validator, once: survey-core loads the definition and its expressions are
 * compiled by the lean evaluator (property-tested to agree with survey-core, so `visibleIf` means here what it
 * means in the respondent's browser). Validation then costs a few map lookups and condition runs per question.
 * Answers to questions that are invisible for these answers are dropped, as SurveyJS does on completion
 * (`clearInvisibleValues: "onComplete"`).
 */
export function compileSurvey(definition: unknown): CompiledSurvey {
  const model = loadModel(definition);
  const questions = new Map<string, QuestionSpec>();
  for (const q of model.getAllQuestions(false, false, true) as any[]) {
    if (q.getType() === 'html' || q.getType() === 'image' || q.getType() === 'expression') continue;
    questions.set(q.name, questionSpec(q));
  }
  model.dispose();

  return {
    questions,
    contactPhones: [...questions.values()].filter((q) => q.type === 'text' && q.inputType === 'tel').map((q) => q.name),
    validate(answers, context = {}) {
      const errors: InvalidParam[] = [];
      const cleaned: Record<string, unknown> = {};
      if (!answers || typeof answers !== 'object' || Array.isArray(answers)) {
        return {
          errors: [problem('answers', r('answers.not_object'))],
          answers: cleaned,
        };
      }
      const given = answers as Record<string, unknown>;
      for (const name of Object.keys(given)) {
        if (!questions.has(name) && !name.endsWith('-Comment'))
          errors.push(problem(`answers.${name}`, r('answer.unknown_question')));
      }
      const values = { ...given, context };
      for (const spec of questions.values()) {
        const visible =
          (!spec.visibleIf || spec.visibleIf.runValues(values)) &&
          spec.containerVisibleIf.every((r) => r.runValues(values));
        const v = given[spec.name];
        if (!visible) continue;
        const enabled = !spec.enableIf || spec.enableIf.runValues(values);
        const required = spec.required || (spec.requiredIf ? spec.requiredIf.runValues(values) : false);
        if (isEmpty(v)) {
          if (required && enabled) errors.push(problem(`answers.${spec.name}`, r('answer.required')));
          continue;
        }
        const wrong = checkValue(spec, v);
        if (wrong) errors.push(problem(`answers.${spec.name}`, wrong));
        else cleaned[spec.name] = v;
        const comment = given[`${spec.name}-Comment`];
        if (typeof comment === 'string' && comment.length <= MAX_TEXT) cleaned[`${spec.name}-Comment`] = comment;
      }
      return { errors, answers: cleaned };
    },
    scores(answers, bindings) {
      const out: Record<string, number> = {};
      const num = (q: string | undefined) => {
        const v = q ? answers[q] : undefined;
        const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
        return Number.isFinite(n) ? n : undefined;
      };
      const nps = num(bindings.nps);
      if (nps !== undefined) out.nps = nps;
      const csat = num(typeof bindings.csat === 'object' ? bindings.csat.question : bindings.csat);
      if (csat !== undefined) out.csat = csat;
      const ces = num(bindings.ces);
      if (ces !== undefined) out.ces = ces;
      for (const q of bindings.ratings ?? []) {
        const r = num(q);
        if (r !== undefined) out[`rating:${q}`] = r;
      }
      return out;
    },
  };
}
