import type { InvalidParam } from '../../platform/errors.ts';
import { checkCondition } from '../alerts/condition.ts';
import { CONTEXT_KEY, PROPERTY_PATH } from './schema.ts';

/** The value at a dot path of an event's properties (`order.items.0.sku`); undefined when any step is missing. */
export function valueAt(properties: Record<string, unknown>, path: string): unknown {
  let cur: unknown = properties;
  for (const step of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.hasOwn(cur, step)) return undefined;
    cur = (cur as Record<string, unknown>)[step];
  }
  return cur;
}

/** The survey context a trigger's mapping gives one event: only keys whose path has a value. */
export function mapContext(mapping: Record<string, string>, properties: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const [key, path] of Object.entries(mapping)) {
    const v = valueAt(properties, path);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/**
 * The values a trigger condition reads: every property by name (`{categories}`, `{amount}`), the same under
 * `{properties.<name>}`, and `{value}`, `{type}`. SurveyJS syntax, e.g. `{amount} > 100 and {categories} contains 'fresh'`.
 */
export function conditionValues(e: { type: string; value: number | null; properties: Record<string, unknown> }) {
  return { ...e.properties, properties: e.properties, value: e.value, type: e.type };
}

/** Field problems of a trigger's condition and mappings (422 naming the field), none when all are well-formed. */
export function checkTriggerExpressions(input: {
  condition?: string | null;
  context?: Record<string, string>;
  recipient?: Record<string, string>;
}): InvalidParam[] {
  const problems: InvalidParam[] = [];
  if (input.condition?.trim()) {
    try {
      checkCondition(input.condition);
    } catch {
      problems.push({
        name: 'condition',
        reason: "not a valid expression (SurveyJS syntax, e.g. {amount} > 100 and {categories} contains 'fresh')",
      });
    }
  }
  for (const [key, path] of Object.entries(input.context ?? {})) {
    if (!CONTEXT_KEY.test(key))
      problems.push({ name: `context.${key}`, reason: 'a context key is a name (letters, digits, _ or -)' });
    else if (!PROPERTY_PATH.test(path))
      problems.push({
        name: `context.${key}`,
        reason: 'an event property path such as categories or order.items.0.sku',
      });
  }
  if (Object.keys(input.context ?? {}).length > 50) problems.push({ name: 'context', reason: 'at most 50 keys' });
  for (const [kind, path] of Object.entries(input.recipient ?? {})) {
    if (kind !== 'email' && kind !== 'phone') problems.push({ name: `recipient.${kind}`, reason: 'email or phone' });
    else if (!PROPERTY_PATH.test(path))
      problems.push({ name: `recipient.${kind}`, reason: 'an event property path such as contact.email' });
  }
  return problems;
}
