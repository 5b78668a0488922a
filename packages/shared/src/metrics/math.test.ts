import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addHistograms, compute, csat, histogramOf, mean, nps, significantDifference, t975, wilson } from './math.ts';

describe('metric maths', () => {
  it('NPS from [1,10,8,7,9,9] is 33.33 with 16.67 % detractors, 33.33 % passives, 50 % promoters', () => {
    const v = nps(histogramOf([1, 10, 8, 7, 9, 9]));
    expect(v.value).toBeCloseTo(33.333, 3);
    expect(v.extras).toMatchObject({
      detractors: expect.closeTo(16.667, 3),
      passives: expect.closeTo(33.333, 3),
      promoters: expect.closeTo(50, 3),
    });
    expect(v.ci![0]).toBeLessThan(33.34);
    expect(v.ci![1]).toBeGreaterThan(33.33);
    expect(v.ci![0]).toBeGreaterThanOrEqual(-100);
  });

  it('NPS adjusted-Wald interval stays inside ±100 and is wide for tiny samples', () => {
    const all = nps(histogramOf([10, 10, 10]));
    expect(all.value).toBe(100);
    expect(all.ci![1]).toBeLessThanOrEqual(100);
    expect(all.ci![0]).toBeLessThan(60);
  });

  it('CSAT top-2-box with Wilson interval (hand-computed)', () => {
    const v = csat(histogramOf([5, 4, 3, 2, 5, 5, 1, 4]), 5);
    expect(v.value).toBeCloseTo(62.5, 6);
    // Wilson 95 % for 5/8: [30.57, 86.32]
    expect(v.ci![0]).toBeCloseTo(30.57, 1);
    expect(v.ci![1]).toBeCloseTo(86.32, 1);
    expect(wilson(0, 10)[0]).toBe(0);
  });

  it('means use a t interval', () => {
    const v = mean(histogramOf([2, 4, 6]));
    expect(v.value).toBe(4);
    // s = 2, se = 2/√3, t(2) = 4.303
    expect(v.ci![1] - 4).toBeCloseTo((4.303 * 2) / Math.sqrt(3), 3);
    expect(t975(100)).toBeCloseTo(1.984, 3);
    expect(t975(1000)).toBeCloseTo(1.962, 3);
  });

  it('suppresses values below min n but keeps the count', () => {
    const v = compute('nps', histogramOf([10, 9, 3]), { minN: 5 });
    expect(v).toMatchObject({ value: null, n: 3, suppressed: true, ci: null });
    expect(compute('count', histogramOf([1, 2]), { minN: 5 }).value).toBe(2);
  });

  it('flags significance only when the difference exceeds its noise', () => {
    const a = nps(histogramOf([...Array(200).fill(10), ...Array(100).fill(3)]));
    const b = nps(histogramOf([...Array(100).fill(10), ...Array(200).fill(3)]));
    expect(significantDifference(a, b)).toBe(true);
    expect(significantDifference(nps(histogramOf([10, 3])), nps(histogramOf([3, 10, 9])))).toBe(false);
  });

  it('summing histograms equals computing from the pooled raw scores (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 })), fc.array(fc.integer({ min: 0, max: 10 })), (xs, ys) => {
        const pooled = nps(histogramOf([...xs, ...ys]));
        const summed = nps(addHistograms(histogramOf(xs), histogramOf(ys)));
        expect(summed.value).toBe(pooled.value);
        expect(summed.n).toBe(pooled.n);
      }),
    );
  });
});
