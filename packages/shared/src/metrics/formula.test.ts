import { describe, expect, it } from 'vitest';
import { evaluateFormula, FormulaError, formulaLeaves, parseFormula } from './formula.ts';

const err = (src: string) => {
  try {
    parseFormula(src);
  } catch (e) {
    if (e instanceof FormulaError) return e.position;
    throw e;
  }
  throw new Error(`parsed: ${src}`);
};

describe('formula parser', () => {
  it('parses the CPO formula in both spellings, and arithmetic with precedence', () => {
    const a = parseFormula("count('call.inbound') / count('order.completed' where properties.valid = true)");
    const b = parseFormula("count(event 'call.inbound') ÷ count(event 'order.completed' where valid == true)");
    expect(a).toEqual({
      ...b,
      l: { ...(b as { l: object }).l, pos: 0 },
      r: { ...(b as { r: object }).r, pos: (a as { r: { pos: number } }).r.pos },
    });
    expect(formulaLeaves(a).map((l) => (l.t === 'agg' ? [l.fn, l.eventType, l.where] : l.key))).toEqual([
      ['count', 'call.inbound', undefined],
      ['count', 'order.completed', { property: 'valid', value: true }],
    ]);
    const v = evaluateFormula(parseFormula('1 + 2 * 3 - (4 - 2) / 2 + -1'), () => ({ value: 0, variance: 0, n: 0 }));
    expect(v.value).toBe(5);
    expect(
      parseFormula(
        "sum('order.completed' where channel = 'delivery') / distinct_customers('order.completed') + nps * 0 + rating('food')",
      ),
    ).toBeTruthy();
  });

  it('reports the position of the first problem', () => {
    expect(err('')).toBe(0);
    expect(err("count('call.inbound') /")).toBe(23);
    expect(err("count('call.inbound'")).toBe(20);
    expect(err('count(call.inbound)')).toBe(6);
    expect(err("count('Call')")).toBe(6);
    expect(err('happiness / 2')).toBe(0);
    expect(err("count('a.b' where valid = )")).toBe(26);
    expect(err('1 $ 2')).toBe(2);
    expect(err('(1 + 2')).toBe(6);
    expect(err('1 2')).toBe(2);
    expect(err("count('a.b)")).toBe(6);
    expect(err('('.repeat(60) + '1' + ')'.repeat(60))).toBeGreaterThan(0);
    expect(err('1+'.repeat(600) + '1')).toBe(1000);
  });

  it('propagates variance by the delta method and returns numerator and denominator', () => {
    const ast = parseFormula("count('call.inbound') / count('order.completed') * 100");
    const v = evaluateFormula(ast, (k) =>
      k.startsWith('count:call') ? { value: 50, variance: 50, n: 50 } : { value: 1000, variance: 1000, n: 1000 },
    );
    expect(v.value).toBeCloseTo(5, 10);
    expect(v).toMatchObject({ numerator: 50, denominator: 1000, n: 1000 });
    // var(r) = r²(1/50 + 1/1000) for r = 0.05, times 100²
    expect(v.variance).toBeCloseTo(0.05 ** 2 * (1 / 50 + 1 / 1000) * 10_000, 10);
    expect(
      evaluateFormula(parseFormula("count('a.b') / count('c.d')"), () => ({ value: 0, variance: 0, n: 0 })).value,
    ).toBeNull();
  });
});
