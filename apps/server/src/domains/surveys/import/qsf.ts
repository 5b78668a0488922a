import { AppError } from '../../../platform/errors.ts';
import { parseJsonField } from '../../../platform/json-guard.ts';
import { type ImportResult, textOf, uniqueNamer } from './report.ts';

type Payload = Record<string, any>;

const ordered = (obj: Record<string, any> | undefined, order?: Array<string | number>) => {
  if (!obj) return [];
  const keys = order?.length ? order.map(String).filter((k) => k in obj) : Object.keys(obj);
  return keys.map((k) => ({ id: k, ...obj[k] }));
};

/**
 * Qualtrics .qsf (JSON) → SurveyJS. Blocks become pages (page breaks split them); MC → radiogroup / checkbox /
 * dropdown, NPS → rating 0–10, TE → text / comment / multipletext, Likert matrix → matrix, sliders → one numeric
 * question per statement, rank order → ranking, descriptive text → html. Side-by-side, constant sum, heat maps,
 * timing/meta and display logic are reported as not mapped.
 */
export function importQsf(content: string): ImportResult {
  const doc = parseJsonField(content, 'content', 'a Qualtrics .qsf file') as {
    SurveyEntry?: Payload;
    SurveyElements?: Array<{ Element: string; PrimaryAttribute?: string; Payload: any }>;
  } | null;
  if (!doc || !Array.isArray(doc.SurveyElements) || !doc.SurveyEntry) {
    throw new AppError('invalid', 'content: not a Qualtrics .qsf file (no SurveyEntry / SurveyElements)', {
      invalidParams: [{ name: 'content', reason: 'missing SurveyEntry or SurveyElements' }],
    });
  }
  const questions = new Map<string, Payload>();
  for (const e of doc.SurveyElements)
    if (e.Element === 'SQ' && e.Payload?.QuestionID) questions.set(e.Payload.QuestionID, e.Payload);
  const blockElement = doc.SurveyElements.find((e) => e.Element === 'BL');
  const blocks: Payload[] = blockElement
    ? Array.isArray(blockElement.Payload)
      ? blockElement.Payload
      : Object.values(blockElement.Payload ?? {})
    : [];
  const unmapped: ImportResult['report']['unmapped'] = [];
  const notes: ImportResult['report']['notes'] = [];
  const name = uniqueNamer();
  const pages: Array<{ name: string; title?: string; elements: unknown[] }> = [];
  let mapped = 0;
  const seen = new Set<string>();

  const convert = (q: Payload): unknown[] | null => {
    const tag = q.DataExportTag || q.QuestionID;
    const title = textOf(q.QuestionText) || tag;
    const required = q.Validation?.Settings?.ForceResponse === 'ON';
    const base = (extra: Record<string, unknown>) => ({
      name: name(tag),
      title,
      ...(required ? { isRequired: true } : {}),
      ...extra,
    });
    const choices = ordered(q.Choices, q.ChoiceOrder);
    const choiceList = choices.map((c) => ({ value: c.RecodeValue ?? c.id, text: textOf(c.Display) }));
    if (q.DisplayLogic)
      notes.push({
        source: `${q.QuestionID} display logic`,
        reason: 'Qualtrics display logic is not converted; add a visibleIf by hand',
      });
    switch (q.QuestionType) {
      case 'MC': {
        if (q.Selector === 'NPS') return [base({ type: 'rating', rateMin: 0, rateMax: 10 })];
        const other = choices.some((c) => c.TextEntry === 'true' || c.TextEntry === true);
        if (other)
          notes.push({
            source: `${q.QuestionID} text entry choice`,
            reason: 'a "please specify" choice became SurveyJS showOtherItem',
          });
        const list = choices
          .filter((c) => !(c.TextEntry === 'true' || c.TextEntry === true))
          .map((c) => ({ value: c.RecodeValue ?? c.id, text: textOf(c.Display) }));
        const multi = ['MAVR', 'MAHR', 'MACOL', 'MSB'].includes(q.Selector);
        const type = multi ? 'checkbox' : q.Selector === 'DL' || q.Selector === 'SB' ? 'dropdown' : 'radiogroup';
        return [base({ type, choices: list, ...(other ? { showOtherItem: true } : {}) })];
      }
      case 'TE':
        if (q.Selector === 'FORM')
          return [
            base({ type: 'multipletext', items: choices.map((c) => ({ name: `c${c.id}`, title: textOf(c.Display) })) }),
          ];
        return [base({ type: q.Selector === 'ML' || q.Selector === 'ESTB' ? 'comment' : 'text' })];
      case 'Matrix': {
        const answers = ordered(q.Answers, q.AnswerOrder).map((a) => ({
          value: a.RecodeValue ?? a.id,
          text: textOf(a.Display),
        }));
        if (q.SubSelector === 'MultipleAnswer') {
          // Several answers per statement: a dropdown matrix with one checkbox column (full SurveyJS renderer).
          return [
            base({
              type: 'matrixdropdown',
              rows: choiceList,
              columns: [{ name: 'answers', title, cellType: 'checkbox', choices: answers }],
            }),
          ];
        }
        return [base({ type: 'matrix', rows: choiceList, columns: answers })];
      }
      case 'SBS': {
        // Side-by-side: statements are rows; each side-by-side question becomes a column of a dropdown matrix.
        const cols = ordered(q.AdditionalQuestions).map((sub, i) => {
          const answers = ordered(sub.Answers, sub.AnswerOrder).map((a) => ({
            value: a.RecodeValue ?? a.id,
            text: textOf(a.Display),
          }));
          const cellType =
            sub.SubSelector === 'MultipleAnswer'
              ? 'checkbox'
              : sub.Selector === 'TE' || sub.QuestionType === 'TE'
                ? 'text'
                : sub.SubSelector === 'DL'
                  ? 'dropdown'
                  : 'radiogroup';
          return {
            name: `c${i + 1}`,
            title: textOf(sub.QuestionText) || `c${i + 1}`,
            cellType,
            ...(cellType === 'text' ? {} : { choices: answers }),
          };
        });
        if (!cols.length) return null;
        return [base({ type: 'matrixdropdown', rows: choiceList, columns: cols })];
      }
      case 'Slider': {
        const min = Number(q.Configuration?.CSSliderMin ?? 0);
        const max = Number(q.Configuration?.CSSliderMax ?? 100);
        return choices.map((c) => ({
          type: 'text',
          inputType: 'number',
          name: name(`${tag}_${c.id}`),
          title: `${title} — ${textOf(c.Display)}`,
          min,
          max,
        }));
      }
      case 'RO':
        return [base({ type: 'ranking', choices: choiceList })];
      case 'DB':
        return [{ type: 'html', name: name(tag), html: String(q.QuestionText ?? '') }];
      case 'FileUpload':
        return [base({ type: 'file' })];
      default:
        return null;
    }
  };

  for (const block of blocks) {
    if (block.Type === 'Trash') continue;
    let page: { name: string; title?: string; elements: unknown[] } = {
      name: name(`page${pages.length + 1}`),
      title: block.Description || undefined,
      elements: [],
    };
    for (const be of block.BlockElements ?? []) {
      if (be.Type === 'Page Break') {
        if (page.elements.length) pages.push(page);
        page = { name: name(`page${pages.length + 1}`), elements: [] };
        continue;
      }
      const q = questions.get(be.QuestionID);
      if (!q || seen.has(q.QuestionID)) continue;
      seen.add(q.QuestionID);
      const els = convert(q);
      if (els) {
        page.elements.push(...els);
        mapped++;
      } else {
        const kind = `${q.QuestionType}${q.Selector ? `/${q.Selector}` : ''}${q.SubSelector ? `/${q.SubSelector}` : ''}`;
        unmapped.push({ source: `${q.QuestionID} (${q.DataExportTag ?? ''}, ${kind})`, reason: reasonFor(q) });
      }
    }
    if (page.elements.length) pages.push(page);
  }
  // Questions not placed in any block (rare) are still counted, so the report adds up.
  for (const q of questions.values()) {
    if (seen.has(q.QuestionID)) continue;
    unmapped.push({
      source: `${q.QuestionID} (${q.DataExportTag ?? ''})`,
      reason: 'not in any block (trash or orphan)',
    });
  }
  const qName = textOf(doc.SurveyEntry.SurveyName) || 'Imported survey';
  return {
    name: qName,
    definition: { title: qName, pages },
    report: { questions: questions.size, mapped, unmapped, notes },
  };
}

function reasonFor(q: Payload): string {
  switch (q.QuestionType) {
    case 'SBS':
      return 'a side-by-side question without sub-questions cannot be mapped';
    case 'CS':
      return 'constant sum has no SurveyJS equivalent';
    case 'Timing':
    case 'Meta':
      return 'timing and metadata questions are collected automatically by loopcx';
    case 'HL':
    case 'HeatMap':
      return 'heat maps and hot spots are not supported';
    default:
      return `question type ${q.QuestionType} is not supported`;
  }
}
