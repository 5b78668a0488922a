import fc from 'fast-check';
import { ConditionRunner } from 'survey-core';
import { describe, expect, it } from 'vitest';
import { compileCondition } from './expression.ts';
import { isLeanCompatible } from './lean.ts';

const run = (expr: string, values: Record<string, unknown>) => compileCondition(expr)!.run(values);

describe('lean expression evaluator', () => {
  it('handles the forms CX surveys use', () => {
    expect(run('{nps} <= 6', { nps: 3 })).toBe(true);
    expect(run('{nps} <= 6', {})).toBe(false);
    expect(run("{context.categories} contains 'fresh'", { context: { categories: ['fresh', 'dairy'] } })).toBe(true);
    expect(run("{context.categories} contains 'bakery'", { context: { categories: ['fresh'] } })).toBe(false);
    expect(run('{csat} <= 2 or ({nps} >= 9 and {q} notempty)', { csat: 5, nps: 10, q: 'x' })).toBe(true);
    expect(run("{reasons} anyof ['speed', 'price']", { reasons: ['taste', 'price'] })).toBe(true);
    expect(run('{resolved} = false', { resolved: false })).toBe(true);
    expect(run('!({a} empty)', { a: 1 })).toBe(true);
    expect(compileCondition('not ({a} empty)')).toBeNull();
    expect(compileCondition('iif({a}, 1, 2) = 1')).toBeNull();
    expect(compileCondition('{a} <=')).toBeNull();
  });

  it('agrees with survey-core’s ConditionRunner on generated cases', () => {
    const varName = fc.constantFrom('a', 'b', 'c');
    const scalar = fc.oneof(
      fc.integer({ min: -3, max: 12 }),
      fc.constantFrom('x', 'y', 'X', 'fresh', ''),
      fc.boolean(),
    );
    const value = fc.oneof(
      scalar,
      fc.array(fc.constantFrom('x', 'y', 'fresh', 'dairy'), { maxLength: 3 }),
      fc.constant(undefined),
    );
    const literal = fc.oneof(
      fc.integer({ min: -3, max: 12 }).map(String),
      fc.constantFrom("'x'", "'y'", "'fresh'", 'true', 'false', "['x', 'fresh']"),
    );
    const cmp = fc
      .tuple(
        varName,
        fc.constantFrom('=', '!=', '>', '<', '>=', '<=', 'contains', 'notcontains', 'anyof', 'allof'),
        literal,
      )
      .map(([v, op, lit]) => `{${v}} ${op} ${lit}`);
    const unaryCmp = fc.tuple(varName, fc.constantFrom('empty', 'notempty')).map(([v, op]) => `{${v}} ${op}`);
    const atom = fc.oneof(cmp, unaryCmp);
    const expr = fc.oneof(
      atom,
      fc.tuple(atom, fc.constantFrom('and', 'or'), atom).map(([x, op, y]) => `${x} ${op} ${y}`),
      fc.tuple(atom, atom, atom).map(([x, y, z]) => `(${x} or ${y}) and !(${z})`),
    );
    const values = fc.record({ a: value, b: value, c: value }, { requiredKeys: [] });
    const disagreements: string[] = [];
    fc.assert(
      fc.property(expr, values, (e, v) => {
        const expected = new ConditionRunner(e).runValues(v as Record<string, unknown>) === true;
        const compiled = compileCondition(e);
        if (!compiled) {
          disagreements.push(`${e}: lean cannot parse it`);
          return;
        }
        const actual = compiled.run(v as Record<string, unknown>);
        if (expected !== actual)
          disagreements.push(`${e} with ${JSON.stringify(v)}: survey-core ${expected}, lean ${actual}`);
      }),
      { numRuns: 4000, seed: 42 },
    );
    expect(disagreements.slice(0, 10)).toEqual([]);
  });

  it('decides when a survey can use the lean runtime', () => {
    expect(isLeanCompatible({ pages: [{ elements: [{ type: 'rating', name: 'nps', visibleIf: '{a} = 1' }] }] })).toBe(
      true,
    );
    expect(isLeanCompatible({ elements: [{ type: 'paneldynamic', name: 'p' }] })).toBe(false);
    expect(isLeanCompatible({ elements: [{ type: 'text', name: 't', validators: [{ type: 'email' }] }] })).toBe(false);
    expect(isLeanCompatible({ elements: [{ type: 'text', name: 't', visibleIf: 'age({b}) > 18' }] })).toBe(false);
  });
});
