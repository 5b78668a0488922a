import { describe, expect, it } from 'vitest';
import { buildExpression, parseExpression } from './condition-builder.ts';
import { compileCondition } from './expression.ts';

describe('alert-rule condition builder', () => {
  it('builds SurveyJS expressions the evaluator runs', () => {
    const expr = buildExpression({
      join: 'or',
      rows: [
        { field: 'nps', op: '<=', value: 6 },
        { field: 'improve', op: 'contains', value: 'speed' },
        { field: 'visit', op: 'anyof', value: ['dine', "it's"] },
        { field: 'why', op: 'notempty' },
        { field: '', op: '=', value: 1 },
      ],
    });
    expect(expr).toBe("{nps} <= 6 or {improve} contains 'speed' or {visit} anyof ['dine', 'it\\'s'] or {why} notempty");
    const c = compileCondition(expr)!;
    expect(c.run({ nps: 9, improve: ['speed'] })).toBe(true);
    expect(c.run({ nps: 9, improve: ['taste'], visit: 'dine' })).toBe(true);
    expect(c.run({ nps: 9, improve: [] })).toBe(false);
    expect(
      compileCondition(
        buildExpression({
          join: 'and',
          rows: [
            { field: 'csat', op: '<=', value: 2 },
            { field: 'sentiment', op: '=', value: 'negative' },
          ],
        }),
      )!.run({ csat: 1, sentiment: 'negative' }),
    ).toBe(true);
  });

  it('parses expressions of its subset back into rows, round trip', () => {
    for (const expr of [
      '{nps} <= 6 or {csat} <= 2',
      "{customer.tier} = 'gold' and {comment} contains '食品安全'",
      "{visit} anyof ['dine', 'takeaway']",
      '{why} empty',
    ])
      expect(buildExpression(parseExpression(expr)!)).toBe(expr);
    expect(parseExpression('{nps} <= 6 or {csat} <= 2')).toEqual({
      join: 'or',
      rows: [
        { field: 'nps', op: '<=', value: 6 },
        { field: 'csat', op: '<=', value: 2 },
      ],
    });
    expect(parseExpression('{a} == "x"')).toEqual({ join: 'and', rows: [{ field: 'a', op: '=', value: 'x' }] });
  });

  it('leaves expressions outside the subset to the advanced view', () => {
    for (const expr of [
      "{nps} <= 6 or ({csat} <= 2 and {customer.tier} = 'gold')",
      '{nps} <= 6 and {csat} <= 2 or {ces} >= 5',
      'age({birth}) > 30',
      '{nps} <=',
      '',
    ])
      expect(parseExpression(expr), expr).toBeNull();
  });
});
