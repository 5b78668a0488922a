import { compileCondition } from './expression.ts';

/** Question types the lean runtime renders. */
export const LEAN_TYPES = new Set([
  'rating',
  'radiogroup',
  'checkbox',
  'dropdown',
  'boolean',
  'text',
  'comment',
  'matrix',
  'ranking',
  'html',
  'panel',
]);
const EXPRESSION_PROPS = ['visibleIf', 'enableIf', 'requiredIf'];
// Properties the lean runtime does not implement; a survey using any of them gets the full SurveyJS renderer.
const UNSUPPORTED_PROPS = [
  'validators',
  'choicesByUrl',
  'choicesVisibleIf',
  'choicesEnableIf',
  'defaultValueExpression',
  'setValueExpression',
  'triggers',
  'calculatedValues',
  'templateElements',
  'cells',
  'correctAnswer',
  'maxTimeToFinish',
  'timeLimit',
  'questionsOrder',
  'choicesOrder',
];

/** True when every element and property of the definition is in the lean runtime's subset. */
export function isLeanCompatible(definition: Record<string, unknown>): boolean {
  for (const k of ['triggers', 'calculatedValues', 'questionsOnPageMode', 'firstPageIsStarted', 'timeLimit'])
    if (k in definition) return false;
  const pages = (definition.pages as Array<Record<string, unknown>> | undefined) ?? [{ elements: definition.elements }];
  const walk = (el: Record<string, unknown>): boolean => {
    if (!LEAN_TYPES.has(String(el.type))) return false;
    if (UNSUPPORTED_PROPS.some((p) => p in el)) return false;
    for (const p of EXPRESSION_PROPS) if (typeof el[p] === 'string' && !compileCondition(el[p] as string)) return false;
    if (el.type === 'panel') return ((el.elements as Array<Record<string, unknown>>) ?? []).every(walk);
    return true;
  };
  return pages.every(
    (p) =>
      (!p.visibleIf || !!compileCondition(String(p.visibleIf))) &&
      ((p.elements as Array<Record<string, unknown>>) ?? []).every(walk),
  );
}
