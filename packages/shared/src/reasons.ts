/**
 * Problems a business user reads — an answer that does not fit its question, an imported cell or row that cannot
 * be read — as a code with parameters, worded in English and Chinese. The API keeps `reason` in English (what
 * integrators match on and log) and adds `code` and `params`; the console and the import reject report say the
 * same thing in the reader's language. A new problem is added here once, in both languages (a test checks that both
 * wordings use the same parameters).
 */
export const REASONS = {
  'answers.not_object': { en: 'must be an object of question name → answer', zh: '答案必须是“题目名 → 答案”的对象' },
  'answer.required': { en: 'an answer is required', zh: '必须回答' },
  'answer.unknown_question': { en: 'no such question in this survey version', zh: '此问卷版本中没有这道题' },
  'answer.not_rating_value': { en: 'not one of the rating values', zh: '不是评分选项之一' },
  'answer.not_number': { en: 'must be a number', zh: '必须是数字' },
  'answer.out_of_range': { en: 'must be between {min} and {max}', zh: '必须在 {min} 到 {max} 之间' },
  'answer.min': { en: 'must be at least {min}', zh: '不能小于 {min}' },
  'answer.max': { en: 'must be at most {max}', zh: '不能大于 {max}' },
  'answer.not_one_choice': { en: 'must be one choice value', zh: '必须是一个选项的值' },
  'answer.not_a_choice': { en: 'not one of the choices', zh: '不是选项之一' },
  'answer.not_choice_list': { en: 'must be a list of choice values', zh: '必须是选项值的列表' },
  'answer.list_not_choices': { en: 'contains a value that is not a choice', zh: '含有不属于选项的值' },
  'answer.not_ranking': { en: 'must be the ranked list of choices', zh: '必须是排好序的选项列表' },
  'answer.rank_once': { en: 'must rank each choice once', zh: '每个选项必须且只能排一次' },
  'answer.not_boolean': { en: 'must be true or false', zh: '必须是“是”或“否”' },
  'answer.not_text': { en: 'must be text', zh: '必须是文本' },
  'answer.too_long': { en: 'is too long', zh: '太长' },
  'answer.too_large': { en: 'is too large', zh: '太大' },
  'answer.not_matrix': { en: 'must map rows to columns', zh: '必须是“行 → 列”的对应' },
  'answer.unknown_row': { en: 'unknown row {row}', zh: '没有行 {row}' },
  'answer.row_not_column': { en: 'row {row}: not one of the columns', zh: '行 {row}：不是列选项之一' },
  'answer.not_items': { en: 'must map items to text', zh: '必须是“项 → 文本”的对应' },
  'answer.unknown_item': { en: 'unknown item {item}', zh: '没有项 {item}' },
  'answer.item_not_text': { en: 'item {item} must be text', zh: '项 {item} 必须是文本' },
  'cell.not_matrix_column': {
    en: '"{value}" is not one of the columns of {question}',
    zh: '“{value}”不是 {question} 的列选项',
  },
  'cell.not_yes_no': { en: '"{value}" is not yes/no', zh: '“{value}”不是“是/否”' },
  'cell.not_choice': { en: '"{value}" is not one of the choices of {question}', zh: '“{value}”不是 {question} 的选项' },
  'cell.not_number': { en: '"{value}" is not a number', zh: '“{value}”不是数字' },
  'cell.not_time': {
    en: '"{value}" is not a time (use 2026-03-01 09:30:00 or an ISO time)',
    zh: '“{value}”不是时间（请写成 2026-03-01 09:30:00 或 ISO 时间）',
  },
  'cell.too_long': { en: 'the cell is longer than 10,000 characters', zh: '单元格超过 10,000 个字符' },
  'cell.no_question': { en: 'no question {question}', zh: '没有题目 {question}' },
  'row.bad_encoding': {
    en: 'bytes that are not {encoding} (choose another encoding)',
    zh: '含有不是 {encoding} 编码的字节（请换一种编码）',
  },
  'row.unknown_unit': { en: 'no unit with code "{code}" in your scope', zh: '您的范围内没有组织编码为“{code}”的组织' },
  'row.no_unit': {
    en: 'no unit: map a unit-code column or choose a default unit',
    zh: '没有组织：请映射组织编码列，或选择默认组织',
  },
  'row.in_future': { en: 'is in the future', zh: '时间在未来' },
  'row.no_answers': { en: 'no answers in this row', zh: '这一行没有答案' },
  'row.replayed_differently': {
    en: 'imported before with different values (same id or same file row)',
    zh: '以前导入过，但值不同（编号相同或文件行相同）',
  },
} as const satisfies Record<string, { en: string; zh: string }>;

export type TReasonCode = keyof typeof REASONS;
export type TReasonParams = Record<string, string | number>;
/** A problem as code and parameters (`field`, when given, names the answer it is about: "nps: must be a number"). */
export interface TReason {
  code: TReasonCode;
  params?: TReasonParams;
}

export const isReasonCode = (code: unknown): code is TReasonCode =>
  typeof code === 'string' && Object.hasOwn(REASONS, code);

/** The problem in words: Chinese for any zh locale, English otherwise. */
export function reasonText(reason: TReason, locale = 'en'): string {
  const wording = REASONS[reason.code][locale.startsWith('zh') ? 'zh' : 'en'];
  const params = reason.params ?? {};
  const text = wording.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
  return params.field !== undefined ? `${params.field}: ${text}` : text;
}
