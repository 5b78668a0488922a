import { histogramOf } from '@loopcx/shared';
import { describe, expect, it } from 'vitest';
import { countRise, meanMove, normalCdf, npsMove, topBoxMove, twoSidedT } from './significance.ts';

/** A histogram with `counts[score]` answers of each score. */
const hist = (counts: Record<number, number>) =>
  histogramOf(Object.entries(counts).flatMap(([s, n]) => new Array<number>(n).fill(Number(s))));

describe('distributions', () => {
  it('normal CDF and Student t p values match the tables', () => {
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-2.575829)).toBeCloseTo(0.005, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(twoSidedT(12.706, 1)).toBeCloseTo(0.05, 4);
    expect(twoSidedT(2.228, 10)).toBeCloseTo(0.05, 4);
    expect(twoSidedT(2.086, 20)).toBeCloseTo(0.05, 4);
    expect(twoSidedT(2.0, 20)).toBeCloseTo(0.0593, 4);
    expect(twoSidedT(0, 15)).toBeCloseTo(1, 10);
  });
});

describe('the tests a move is judged by', () => {
  it('CSAT top-2-box: pooled two-proportion z, 40 % of 100 against 60 % of 100 → z = −2.828, p = 0.0047', () => {
    const m = topBoxMove(hist({ 5: 40, 2: 60 }), hist({ 5: 60, 2: 40 }))!;
    expect(m.test).toBe('z-two-proportion');
    expect(m.change).toBeCloseTo(-20, 10);
    expect(m.statistic).toBeCloseTo(-2.8284, 4);
    expect(m.pValue).toBeCloseTo(0.00468, 5);
    expect(m.significant).toBe(true);
    // 50 % against 60 % of 100: z = −1.42, p = 0.16 — not a move.
    const small = topBoxMove(hist({ 5: 50, 2: 50 }), hist({ 5: 60, 2: 40 }))!;
    expect(small.statistic).toBeCloseTo(-1.4213, 4);
    expect(small.significant).toBe(false);
  });

  it('NPS: z on the difference with the trinomial variance, −10 against +30 (n = 100 each) → z = −3.508', () => {
    const m = npsMove(hist({ 10: 30, 8: 30, 3: 40 }), hist({ 10: 50, 8: 30, 3: 20 }))!;
    expect(m.test).toBe('z-nps');
    expect(m.current.value).toBeCloseTo(-10, 10);
    expect(m.previous.value).toBeCloseTo(30, 10);
    // Var = (p₊ + p₋ − NPS²)/n × 100²: 69 and 61; z = −40/√130.
    expect(m.statistic).toBeCloseTo(-40 / Math.sqrt(130), 8);
    expect(m.pValue).toBeCloseTo(0.000451, 5);
    expect(m.significant).toBe(true);
  });

  it("means: Welch's t with Welch–Satterthwaite df (unequal variances and sizes)", () => {
    // 40 × 3 and 40 × 5 (mean 4, s² = 80/79) against 10 × 4, 10 × 5 and 10 × 6 (mean 5, s² = 20/29).
    const m = meanMove(hist({ 3: 40, 5: 40 }), hist({ 4: 10, 5: 10, 6: 10 }))!;
    const va = 80 / 79 / 80;
    const vb = 20 / 29 / 30;
    expect(m.test).toBe('welch-t');
    expect(m.statistic).toBeCloseTo(-1 / Math.sqrt(va + vb), 8);
    expect(m.df).toBeCloseTo((va + vb) ** 2 / (va ** 2 / 79 + vb ** 2 / 29), 8);
    expect(m.df).toBeCloseTo(62.75, 1);
    // t = −5.30 on 62.7 df: p ≈ 1.6e-6, heavier-tailed than the normal's 1.2e-7.
    expect(m.pValue).toBeCloseTo(1.61e-6, 8);
    expect(m.pValue).toBeGreaterThan(2 * (1 - normalCdf(Math.abs(m.statistic))));
    expect(m.significant).toBe(true);
  });

  it('holds a move significant only at p < 0.01 (p = 0.03 is not)', () => {
    // 45 % against 60 % of 110: z = −2.21, p = 0.027.
    const m = topBoxMove(hist({ 5: 45, 1: 55 }), hist({ 5: 60, 1: 40 }))!;
    expect(m.pValue).toBeGreaterThan(0.01);
    expect(m.pValue).toBeLessThan(0.05);
    expect(m.significant).toBe(false);
  });

  it('tests nothing below 30 answers in either period', () => {
    expect(topBoxMove(hist({ 5: 29 }), hist({ 1: 100 }))).toBeNull();
    expect(npsMove(hist({ 10: 100 }), hist({ 0: 29 }))).toBeNull();
    expect(meanMove(hist({ 7: 29 }), hist({ 1: 40 }))).toBeNull();
    expect(npsMove(hist({ 10: 30 }), hist({ 0: 30 }))?.significant).toBe(true);
  });

  it('a rise of a count: z = (c₁ − c₀)/√(c₁ + c₀), only upward', () => {
    expect(countRise(20, 5)).toMatchObject({ statistic: 3, significant: true });
    expect(countRise(20, 5).pValue).toBeCloseTo(0.0027, 4);
    expect(countRise(5, 20).significant).toBe(false);
    expect(countRise(8, 4).significant).toBe(false);
    expect(countRise(0, 0)).toEqual({ statistic: 0, pValue: 1, significant: false });
  });
});
