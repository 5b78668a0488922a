/**
 * Survey questions in business language: titles and choice labels of a SurveyJS definition in the reader's
 * language, and answers rendered as "title: label" text. Shared by the server (exports, ticket descriptions, alert
 * emails) and the console (charts, driver analysis, response and ticket details), so a question key such as `wait`
 * never reaches a business screen where the survey has a title for it.
 */

/** The two UI languages. */
export type TUiLang = 'zh-CN' | 'en';

/** A user's or tenant's stored locale as a UI language: English when it says so, zh-CN otherwise. */
export const uiLangOf = (locale: string | null | undefined): TUiLang => (locale === 'en' ? 'en' : 'zh-CN');

/** A SurveyJS localizable string: plain, or `{ default, 'zh-cn', en, … }` (English in `default`, see the templates). */
export type TLocString = string | { [locale: string]: string | undefined } | undefined;

/** A choice, matrix row/column or multiple-text item: its stored value and its localizable text. */
export interface SurveyOption {
  value: string;
  text: TLocString;
}

/** One answerable question of a definition, in survey order. */
export interface SurveyQuestion {
  name: string;
  type: string;
  title: TLocString;
  /** Choices of radiogroup/checkbox/dropdown/tagbox/ranking/imagepicker, columns of a single matrix. */
  choices: SurveyOption[];
  /** Rows of a matrix, matrixdropdown. */
  rows: SurveyOption[];
  /** Items of a multipletext. */
  items: SurveyOption[];
  /** The answer is a list of choice values (checkbox, tagbox, ranking). */
  multi: boolean;
  labelTrue?: TLocString;
  labelFalse?: TLocString;
}

const CHOICE_TYPES = new Set(['radiogroup', 'checkbox', 'dropdown', 'tagbox', 'ranking', 'imagepicker']);
const MULTI_TYPES = new Set(['checkbox', 'tagbox', 'ranking']);
const NOT_ANSWERS = new Set(['html', 'image', 'expression']);

/**
 * The text of a localizable string in a UI language. zh-CN reads `zh-cn` (then `zh`), en reads `en` then
 * `default`; either falls back to the other language rather than to nothing.
 */
export function localText(v: unknown, lang: TUiLang): string | undefined {
  if (typeof v === 'string') return v || undefined;
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const pick = (...keys: string[]) => {
    for (const k of keys) if (typeof o[k] === 'string' && o[k]) return o[k] as string;
    return undefined;
  };
  return lang === 'en'
    ? pick('en', 'default', 'zh-cn', 'zh')
    : (pick('zh-cn', 'zh', 'zh-CN', 'zh-tw') ?? pick('default', 'en'));
}

const options = (list: unknown): SurveyOption[] =>
  Array.isArray(list)
    ? list.flatMap((c) => {
        if (typeof c === 'string' || typeof c === 'number') return [{ value: String(c), text: String(c) }];
        if (c && typeof c === 'object') {
          const o = c as Record<string, unknown>;
          const value = o.value ?? o.name;
          if (value === undefined || value === null) return [];
          return [{ value: String(value), text: (o.text ?? o.title ?? String(value)) as TLocString }];
        }
        return [];
      })
    : [];

/** Every answerable question of a definition in survey order (panels walked, display-only elements skipped). */
export function surveyQuestions(definition: unknown): SurveyQuestion[] {
  const out: SurveyQuestion[] = [];
  const walk = (els: unknown) => {
    if (!Array.isArray(els)) return;
    for (const raw of els) {
      if (!raw || typeof raw !== 'object') continue;
      const e = raw as Record<string, unknown>;
      const type = String(e.type ?? '');
      if (type === 'panel') {
        walk(e.elements);
        continue;
      }
      if (NOT_ANSWERS.has(type) || typeof e.name !== 'string') continue;
      const matrix = type === 'matrix';
      out.push({
        name: e.name,
        type,
        title: (e.title as TLocString) ?? e.name,
        choices: CHOICE_TYPES.has(type) ? options(e.choices) : matrix ? options(e.columns) : [],
        rows: matrix || type === 'matrixdropdown' ? options(e.rows) : [],
        items: type === 'multipletext' ? options(e.items) : [],
        multi: MULTI_TYPES.has(type),
        labelTrue: e.labelTrue as TLocString,
        labelFalse: e.labelFalse as TLocString,
      });
    }
  };
  const d = (definition ?? {}) as Record<string, unknown>;
  if (Array.isArray(d.pages)) for (const p of d.pages) walk((p as Record<string, unknown> | null)?.elements);
  walk(d.elements);
  return out;
}

/** A question's title in a UI language, its key when it has none. */
export const questionTitle = (q: SurveyQuestion, lang: TUiLang) => localText(q.title, lang) ?? q.name;

const label = (list: SurveyOption[], value: unknown, lang: TUiLang) => {
  const hit = list.find((c) => c.value === String(value));
  return hit ? (localText(hit.text, lang) ?? hit.value) : String(value);
};

const YES_NO: Record<TUiLang, [string, string]> = { 'zh-CN': ['是', '否'], en: ['Yes', 'No'] };
const OTHER: Record<TUiLang, string> = { 'zh-CN': '其他', en: 'Other' };

/** The label of one choice value of a question (the value itself when the question does not list it). */
export function choiceLabel(q: SurveyQuestion, value: unknown, lang: TUiLang): string {
  if (String(value) === 'other' && !q.choices.some((c) => c.value === 'other')) return OTHER[lang];
  return label(q.choices, value, lang);
}

/** Separator of list answers (checkbox choices, matrix rows) in one cell or line: documented in README (exports). */
export const LIST_SEPARATOR = '; ';

/**
 * An answer as text a business reader understands: choice labels rather than values, 是/否 (Yes/No) for booleans,
 * "row: column" for matrices, labels joined with `LIST_SEPARATOR` for multi-select, ranks numbered.
 */
export function formatAnswer(q: SurveyQuestion | undefined, value: unknown, lang: TUiLang): string {
  if (value === undefined || value === null || value === '') return '';
  if (!q) return typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (q.type === 'boolean') {
    const yes = value === true || value === 'true';
    return (yes ? localText(q.labelTrue, lang) : localText(q.labelFalse, lang)) ?? YES_NO[lang][yes ? 0 : 1];
  }
  if (Array.isArray(value)) {
    const labels = value.map((v) => choiceLabel(q, v, lang));
    return q.type === 'ranking'
      ? labels.map((l, i) => `${i + 1}. ${l}`).join(LIST_SEPARATOR)
      : labels.join(LIST_SEPARATOR);
  }
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keyed = q.rows.length ? q.rows : q.items;
    const keys = [
      ...keyed.map((r) => r.value).filter((k) => k in o),
      ...Object.keys(o).filter((k) => !keyed.some((r) => r.value === k)),
    ];
    return keys
      .map((k) => {
        const v = o[k];
        const text =
          q.type === 'matrix' ? choiceLabel(q, v, lang) : typeof v === 'object' && v ? JSON.stringify(v) : String(v);
        return `${label(keyed, k, lang)}: ${text}`;
      })
      .join(LIST_SEPARATOR);
  }
  return q.choices.length ? choiceLabel(q, value, lang) : String(value);
}

/** One answered question as a line: its key, its title and the answer text. */
export interface AnswerLine {
  key: string;
  title: string;
  text: string;
}

/**
 * The answers of a response as "title: label" lines in survey order; answers the definition does not know (a key
 * from an older version, a `<name>-Comment` other-text) follow under their key, so nothing answered is dropped.
 */
export function answerLines(definition: unknown, answers: Record<string, unknown>, lang: TUiLang): AnswerLine[] {
  const qs = surveyQuestions(definition);
  const known = new Set(qs.map((q) => q.name));
  const lines: AnswerLine[] = [];
  for (const q of qs) {
    const text = formatAnswer(q, answers[q.name], lang);
    const other = answers[`${q.name}-Comment`];
    if (!text && !other) continue;
    lines.push({
      key: q.name,
      title: questionTitle(q, lang),
      text: typeof other === 'string' && other ? `${text}${text ? ' — ' : ''}${other}` : text,
    });
  }
  for (const [k, v] of Object.entries(answers)) {
    if (known.has(k) || (k.endsWith('-Comment') && known.has(k.slice(0, -8)))) continue;
    const text = formatAnswer(undefined, v, lang);
    if (text) lines.push({ key: k, title: k, text });
  }
  return lines;
}

/** Question titles by key for a UI language (charts and tables label series by it). */
export function questionTitles(definition: unknown, lang: TUiLang): Record<string, string> {
  return Object.fromEntries(surveyQuestions(definition).map((q) => [q.name, questionTitle(q, lang)]));
}
