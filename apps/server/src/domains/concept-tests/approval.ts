import { SUS_ITEMS } from '@loopcx/shared';
import type { SQL } from 'drizzle-orm';
import { sql } from '../../platform/db.ts';
import { AppError, type InvalidParam } from '../../platform/errors.ts';
import { compileSurvey, type QuestionSpec } from '../surveys/compile.ts';

/** Question types an approval can be read from. */
const CHOICE_TYPES = ['radiogroup', 'dropdown', 'checkbox', 'tagbox'];
const APPROVAL_TYPES = ['rating', 'boolean', ...CHOICE_TYPES];
const SEGMENT_TYPES = ['rating', 'boolean', 'radiogroup', 'dropdown'];

/** What counts as approval, after validation against the survey definition. */
export interface Approval {
  question: string;
  type: string;
  approveAtLeast: number | null;
  approveValues: string[];
}

export interface ApprovalInput {
  kind: string;
  approvalQuestion: string;
  approveAtLeast?: number | null;
  approveValues?: string[];
  segmentQuestion?: string | null;
}

/** The numeric range of a rating question (rateMin..rateMax, or its explicit rate values). */
function ratingRange(q: QuestionSpec): [number, number] {
  if (q.rateValues) {
    const vs = [...q.rateValues].map(Number).filter(Number.isFinite);
    return vs.length ? [Math.min(...vs), Math.max(...vs)] : [1, 5];
  }
  return [q.min ?? 1, q.max ?? 5];
}

/**
 * The sensible default cut for a rating: the top two boxes (≥ 4 on 1–5, ≥ 6 on 1–7), promoters (≥ 9) on a
 * 0–10 scale, where the top two boxes are exactly what NPS calls promoters.
 */
export function defaultApproveAtLeast(q: QuestionSpec): number {
  const [, max] = ratingRange(q);
  return max - 1;
}

const fail = (problems: InvalidParam[]) => {
  if (problems.length)
    throw new AppError('invalid', problems.map((p) => `${p.name}: ${p.reason}`).join('; '), {
      invalidParams: problems,
    });
};

/**
 * 422 unless the approval question exists in the survey's definition with a fitting type and a fitting rule:
 * a rating with a cut inside its scale (default top-2-box), a boolean (approve = yes), or a choice question with
 * approval values among its choices. The segment question, when given, must be another single-answer question;
 * a SUS test needs the ten SUS items (`sus1`…`sus10`, ratings 1–5). Returns the normalised approval rule.
 */
export function checkApproval(definition: unknown, input: ApprovalInput): Approval {
  const questions = compileSurvey(definition).questions;
  const q = questions.get(input.approvalQuestion);
  if (!q) fail([{ name: 'approvalQuestion', reason: 'no such question in the survey' }]);
  const spec = q!;
  const problems: InvalidParam[] = [];
  if (!APPROVAL_TYPES.includes(spec.type))
    problems.push({ name: 'approvalQuestion', reason: `a ${spec.type} question cannot hold approval` });
  const values = input.approveValues ?? [];
  let approveAtLeast: number | null = null;
  if (spec.type === 'rating') {
    const [min, max] = ratingRange(spec);
    approveAtLeast = input.approveAtLeast ?? defaultApproveAtLeast(spec);
    if (approveAtLeast < min || approveAtLeast > max)
      problems.push({ name: 'approveAtLeast', reason: `outside the question's scale ${min}–${max}` });
    if (values.length) problems.push({ name: 'approveValues', reason: 'a rating question takes approveAtLeast' });
  } else if (input.approveAtLeast !== undefined && input.approveAtLeast !== null)
    problems.push({ name: 'approveAtLeast', reason: 'only a rating question takes approveAtLeast' });
  if (CHOICE_TYPES.includes(spec.type)) {
    if (!values.length) problems.push({ name: 'approveValues', reason: 'name the choices that count as approval' });
    const unknown = values.filter((v) => spec.choices && !spec.choices.has(v));
    if (unknown.length)
      problems.push({ name: 'approveValues', reason: `not choices of the question: ${unknown.join(', ')}` });
    if (new Set(values).size !== values.length) problems.push({ name: 'approveValues', reason: 'values repeat' });
  } else if (spec.type === 'boolean' && values.length)
    problems.push({ name: 'approveValues', reason: 'a yes/no question approves with yes' });
  if (input.segmentQuestion) {
    const s = questions.get(input.segmentQuestion);
    if (!s) problems.push({ name: 'segmentQuestion', reason: 'no such question in the survey' });
    else if (!SEGMENT_TYPES.includes(s.type))
      problems.push({ name: 'segmentQuestion', reason: `a ${s.type} question cannot split respondents` });
    else if (s.name === spec.name)
      problems.push({ name: 'segmentQuestion', reason: 'the approval question cannot also be the segment' });
  }
  if (input.kind === 'sus') {
    const missing = SUS_ITEMS.filter((n) => {
      const item = questions.get(n);
      return item?.type !== 'rating' || ratingRange(item).join() !== '1,5';
    });
    if (missing.length)
      problems.push({ name: 'kind', reason: `a SUS test needs rating questions 1–5 named ${missing.join(', ')}` });
  }
  if (input.kind === 'seq' && spec.type !== 'rating')
    problems.push({ name: 'kind', reason: 'a SEQ test reads its approval question as the 1–7 ease rating' });
  fail(problems);
  return {
    question: spec.name,
    type: spec.type,
    approveAtLeast,
    approveValues: spec.type === 'rating' || spec.type === 'boolean' ? [] : values,
  };
}

/** `values` as a SQL text[] (bound as one JSON parameter, so no array literal escaping). */
export const textArray = (values: string[]): SQL =>
  sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;

/** SQL: response `r` answered question `q` (a key holding a non-null value). */
export function answered(q: string): SQL {
  return sql`coalesce(jsonb_typeof(r.answers -> ${q}::text), 'null') <> 'null'`;
}

/**
 * SQL: response `r` approves, per the rule. Rating answers are numbers (strings of digits from older clients
 * are read too); booleans approve on true; choices when the answer (or, for multiple choice, one of them) is an
 * approval value.
 */
export function approvedSql(a: Pick<Approval, 'question' | 'type' | 'approveAtLeast' | 'approveValues'>): SQL {
  const v = sql`r.answers -> ${a.question}::text`;
  const t = sql`r.answers ->> ${a.question}::text`;
  if (a.type === 'rating')
    return sql`(${t} ~ '^-?[0-9]+(\\.[0-9]+)?$' AND (${t})::double precision >= ${a.approveAtLeast ?? 0})`;
  if (a.type === 'boolean') return sql`(${v} = 'true'::jsonb)`;
  if (a.type === 'checkbox' || a.type === 'tagbox')
    return sql`(jsonb_typeof(${v}) = 'array' AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(${v}) x WHERE x = ANY(${textArray(a.approveValues)})))`;
  return sql`(${t} = ANY(${textArray(a.approveValues)}))`;
}
