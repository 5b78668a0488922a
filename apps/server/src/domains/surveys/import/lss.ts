import { XMLParser } from 'fast-xml-parser';
import { AppError } from '../../../platform/errors.ts';
import { type ImportResult, textOf, uniqueNamer } from './report.ts';

type Row = Record<string, any>;

const rowsOf = (table: any): Row[] => {
  const r = table?.rows?.row;
  return r === undefined ? [] : Array.isArray(r) ? r : [r];
};
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
/** LimeSurvey language codes → SurveyJS locale keys. */
const localeKey = (lang: string) =>
  lang === 'zh-Hans' || lang === 'zh-Hant-TW' || lang === 'zh-Hant-HK' ? 'zh-cn' : lang.toLowerCase();

/**
 * LimeSurvey .lss (XML) → SurveyJS. Groups become pages; list/dropdown/multiple choice, texts, numbers, 5-point,
 * yes/no, gender, dates, arrays (flexible, 5-, 10-point, yes/no/uncertain, by column), ranking, multiple short
 * text/numeric, file upload and text display are mapped; several languages become localizable strings.
 * Equations, dual-scale and text/number arrays are reported as not mapped; relevance equations are noted.
 */
export function importLss(content: string): ImportResult {
  let doc: any;
  try {
    doc = new XMLParser({
      ignoreAttributes: true,
      parseTagValue: false,
      trimValues: true,
      cdataPropName: false as never,
    }).parse(content)?.document;
  } catch {
    doc = undefined;
  }
  if (doc?.LimeSurveyDocType !== 'Survey') {
    throw new AppError(
      'invalid',
      'content: not a LimeSurvey .lss survey export (no <document> with LimeSurveyDocType Survey)',
      { invalidParams: [{ name: 'content', reason: 'not a LimeSurvey survey structure' }] },
    );
  }
  const langs: string[] = [doc.languages?.language].flat().filter(Boolean).map(String);
  const base = langs[0] ?? 'en';
  // Text in every language: {default: base text, '<locale>': other…} (or a plain string for one language).
  const loc = (byLang: Map<string, string>) => {
    if (byLang.size <= 1) return byLang.get(base) ?? [...byLang.values()][0] ?? '';
    const out: Record<string, string> = { default: byLang.get(base) ?? '' };
    for (const [l, t] of byLang) if (l !== base) out[localeKey(l)] = t;
    return out;
  };
  const l10n = (table: any, idField: string, textField: string) => {
    const m = new Map<string, Map<string, string>>();
    for (const r of rowsOf(table)) {
      const id = str(r[idField]);
      if (!m.has(id)) m.set(id, new Map());
      m.get(id)!.set(str(r.language || base), textOf(r[textField]));
    }
    return m;
  };
  const allQuestions = rowsOf(doc.questions);
  const subquestions = [
    ...rowsOf(doc.subquestions),
    ...allQuestions.filter((q) => str(q.parent_qid) && str(q.parent_qid) !== '0'),
  ];
  const questions = allQuestions.filter((q) => !str(q.parent_qid) || str(q.parent_qid) === '0');
  // Newer exports keep texts in *_l10ns tables; older ones in the rows themselves.
  const qText = doc.question_l10ns
    ? l10n(doc.question_l10ns, 'qid', 'question')
    : l10n(doc.questions, 'qid', 'question');
  const gText = doc.group_l10ns ? l10n(doc.group_l10ns, 'gid', 'group_name') : l10n(doc.groups, 'gid', 'group_name');
  const answerRows = rowsOf(doc.answers);
  const aText = doc.answer_l10ns ? l10n(doc.answer_l10ns, 'aid', 'answer') : new Map<string, Map<string, string>>();
  const answersOf = (qid: string, scale = '0') =>
    answerRows
      .filter((a) => str(a.qid) === qid && str(a.scale_id || '0') === scale)
      .sort((x, y) => Number(x.sortorder) - Number(y.sortorder))
      .map((a) => ({
        value: str(a.code),
        text: loc(
          a.aid !== undefined && aText.has(str(a.aid))
            ? aText.get(str(a.aid))!
            : new Map([[str(a.language || base), textOf(a.answer)]]),
        ),
      }));
  const subOf = (qid: string) => {
    const seen = new Map<string, Row>();
    for (const s of subquestions.filter((x) => str(x.parent_qid) === qid))
      if (!seen.has(str(s.title))) seen.set(str(s.title), s);
    return [...seen.values()]
      .sort((x, y) => Number(x.question_order) - Number(y.question_order))
      .map((s) => ({ value: str(s.title), text: loc(qText.get(str(s.qid)) ?? new Map([[base, textOf(s.question)]])) }));
  };
  const unique = new Map<string, Row>();
  for (const q of questions) if (!unique.has(str(q.qid))) unique.set(str(q.qid), q);
  const groups = [...new Map(rowsOf(doc.groups).map((g) => [str(g.gid), g])).values()].sort(
    (x, y) => Number(x.group_order) - Number(y.group_order),
  );
  const name = uniqueNamer();
  const unmapped: ImportResult['report']['unmapped'] = [];
  const notes: ImportResult['report']['notes'] = [];
  let mapped = 0;
  const pages = groups.map((g) => {
    const elements: unknown[] = [];
    const qs = [...unique.values()]
      .filter((q) => str(q.gid) === str(g.gid))
      .sort((x, y) => Number(x.question_order) - Number(y.question_order));
    for (const q of qs) {
      const qid = str(q.qid);
      const title = loc(qText.get(qid) ?? new Map());
      const el = (extra: Record<string, unknown>) => ({
        name: name(str(q.title)),
        title,
        ...(str(q.mandatory) === 'Y' ? { isRequired: true } : {}),
        ...extra,
      });
      const relevance = str(q.relevance).trim();
      if (relevance && relevance !== '1')
        notes.push({
          source: `${q.title} relevance`,
          reason: `relevance equation "${relevance.slice(0, 80)}" is not converted; add a visibleIf by hand`,
        });
      let out: unknown | null = null;
      const type = str(q.type);
      switch (type) {
        case 'L':
          out = el({
            type: 'radiogroup',
            choices: answersOf(qid),
            ...(str(q.other) === 'Y' ? { showOtherItem: true } : {}),
          });
          break;
        case '!':
          out = el({ type: 'dropdown', choices: answersOf(qid) });
          break;
        case 'O':
          out = el({ type: 'radiogroup', choices: answersOf(qid), showCommentArea: true });
          break;
        case 'M':
        case 'P':
          out = el({ type: 'checkbox', choices: subOf(qid), ...(str(q.other) === 'Y' ? { showOtherItem: true } : {}) });
          break;
        case 'S':
          out = el({ type: 'text' });
          break;
        case 'T':
        case 'U':
          out = el({ type: 'comment' });
          break;
        case 'N':
          out = el({ type: 'text', inputType: 'number' });
          break;
        case 'D':
          out = el({ type: 'text', inputType: 'date' });
          break;
        case '5':
          out = el({ type: 'rating', rateMin: 1, rateMax: 5 });
          break;
        case 'Y':
          out = el({ type: 'boolean' });
          break;
        case 'G':
          out = el({
            type: 'radiogroup',
            choices: [
              { value: 'F', text: 'Female' },
              { value: 'M', text: 'Male' },
            ],
          });
          break;
        case 'X':
          out = { type: 'html', name: name(str(q.title)), html: typeof title === 'string' ? title : title.default };
          break;
        case 'R':
          out = el({ type: 'ranking', choices: answersOf(qid) });
          break;
        case 'K':
        case 'Q':
          out = el({
            type: 'multipletext',
            items: subOf(qid).map((s) => ({
              name: s.value,
              title: s.text,
              ...(type === 'K' ? { inputType: 'number' } : {}),
            })),
          });
          break;
        case '|':
          out = el({ type: 'file' });
          break;
        case 'F':
        case 'H':
          out = el({ type: 'matrix', rows: subOf(qid), columns: answersOf(qid) });
          break;
        case 'A':
          out = el({
            type: 'matrix',
            rows: subOf(qid),
            columns: [1, 2, 3, 4, 5].map((v) => ({ value: String(v), text: String(v) })),
          });
          break;
        case 'B':
          out = el({
            type: 'matrix',
            rows: subOf(qid),
            columns: Array.from({ length: 10 }, (_, i) => ({ value: String(i + 1), text: String(i + 1) })),
          });
          break;
        case 'C':
          out = el({
            type: 'matrix',
            rows: subOf(qid),
            columns: [
              { value: 'Y', text: 'Yes' },
              { value: 'U', text: 'Uncertain' },
              { value: 'N', text: 'No' },
            ],
          });
          break;
        case 'E':
          out = el({
            type: 'matrix',
            rows: subOf(qid),
            columns: [
              { value: 'I', text: 'Increase' },
              { value: 'S', text: 'Same' },
              { value: 'D', text: 'Decrease' },
            ],
          });
          break;
      }
      if (out) {
        elements.push(out);
        mapped++;
      } else {
        const why: Record<string, string> = {
          '*': 'equations have no SurveyJS question (use calculatedValues)',
          '1': 'dual-scale arrays are not supported',
          ';': 'arrays of texts are not supported',
          ':': 'arrays of numbers are not supported',
          I: 'language switch questions are not needed (SurveyJS locales)',
        };
        unmapped.push({
          source: `${q.title} (type ${type})`,
          reason: why[type] ?? `LimeSurvey question type ${type} is not supported`,
        });
      }
    }
    return { name: name(`page_g${str(g.gid)}`), title: loc(gText.get(str(g.gid)) ?? new Map()), elements };
  });
  const settings = rowsOf(doc.surveys_languagesettings);
  const titleRow = settings.find((s) => str(s.surveyls_language) === base) ?? settings[0];
  const title = textOf(titleRow?.surveyls_title) || 'Imported LimeSurvey survey';
  const definition: Record<string, unknown> = { title, pages: pages.filter((p) => p.elements.length) };
  if (langs.length > 1 && base !== 'en') definition.locale = localeKey(base);
  return { name: title, definition, report: { questions: unique.size, mapped, unmapped, notes } };
}
