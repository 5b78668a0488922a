import { Model, Serializer } from 'survey-core';
import { AppError } from '../../../platform/errors.ts';
import { parseJsonField } from '../../../platform/json-guard.ts';
import { checkDefinitionShape } from '../definition.ts';
import type { ImportResult } from './report.ts';

/** A SurveyJS JSON file: checked by loading it in survey-core; element types survey-core does not know are reported. */
export function importSurveyJs(content: string): ImportResult {
  const def = parseJsonField(content, 'content', 'SurveyJS JSON') as Record<string, unknown>;
  if (
    !def ||
    typeof def !== 'object' ||
    Array.isArray(def) ||
    (!Array.isArray(def.pages) && !Array.isArray(def.elements))
  ) {
    throw new AppError('invalid', 'content: not a SurveyJS survey (no pages or elements)', {
      invalidParams: [{ name: 'content', reason: 'no pages or elements' }],
    });
  }
  // survey-core and the walk below trust pages and elements to be objects with string names and types.
  const shape = checkDefinitionShape(def, 'content');
  if (shape.length)
    throw new AppError('invalid', shape.map((p) => `${p.name}: ${p.reason}`).join('; '), { invalidParams: shape });
  // Elements of types this SurveyJS does not know (custom widgets, Creator-only types) are removed and
  // reported; unnamed elements get names; unknown properties are kept (SurveyJS ignores them) and noted.
  const unmapped: Array<{ source: string; reason: string }> = [];
  const notes: Array<{ source: string; reason: string }> = [];
  let auto = 0;
  const walk = (els: unknown): unknown[] =>
    (Array.isArray(els) ? els : []).filter((raw) => {
      const el = raw as Record<string, unknown>;
      if (!el || typeof el !== 'object') return false;
      if (typeof el.type !== 'string' || !Serializer.findClass(el.type)) {
        unmapped.push({
          source: String(el.name ?? el.type ?? 'element'),
          reason: `element type ${String(el.type)} is not a SurveyJS type (custom widget or Creator-only)`,
        });
        return false;
      }
      if (!el.name) el.name = `${el.type}_${++auto}`;
      if (Array.isArray(el.elements)) el.elements = walk(el.elements);
      if (Array.isArray(el.templateElements)) el.templateElements = walk(el.templateElements);
      return true;
    });
  if (Array.isArray(def.pages))
    for (const p of def.pages as Array<Record<string, unknown>>) p.elements = walk(p.elements);
  else def.elements = walk(def.elements);
  const model = new Model(def);
  const questions = model.getAllQuestions(false, false, false) as Array<{ name: string; getType(): string }>;
  for (const e of model.jsonErrors ?? [])
    notes.push({ source: 'definition', reason: String((e as { message?: string }).message ?? e) });
  model.dispose();
  const title = def.title;
  const name =
    typeof title === 'string'
      ? title
      : ((title as Record<string, string> | undefined)?.default ?? 'Imported SurveyJS survey');
  return {
    name,
    definition: def,
    report: { questions: questions.length + unmapped.length, mapped: questions.length, unmapped, notes },
  };
}
