import { describe, expect, it } from 'vitest';
import { csatEstimate, differenceInDifferences, type Hist, meanEstimate, npsEstimate } from './did.ts';

const hist = (scores: number[]): Hist => {
  const h = Array(11).fill(0);
  for (const s of scores) h[s]++;
  return { n: scores.length, h, sum: scores.reduce((a, b) => a + b, 0), sumsq: scores.reduce((a, b) => a + b * b, 0) };
};

describe('difference-in-differences', () => {
  it('computes NPS and its variance from a histogram', () => {
    const e = npsEstimate(hist([1, 10, 8, 7, 9, 9]));
    expect(e.value).toBeCloseTo(33.333, 2);
    // p+ = 0.5, p- = 1/6: (0.5 + 0.1667 − 0.3333²)/6 × 10⁴
    expect(e.variance).toBeCloseTo(((0.5 + 1 / 6 - (1 / 3) ** 2) / 6) * 10_000, 6);
  });

  it('means and CSAT', () => {
    expect(meanEstimate(hist([2, 4, 6])).value).toBe(4);
    expect(meanEstimate(hist([2, 4, 6])).variance).toBeCloseTo(4 / 3, 6);
    expect(csatEstimate(hist([5, 4, 3, 1]), 5).value).toBe(50);
  });

  it('nets out the trend the control units share', () => {
    const before = hist([...Array(100).fill(9), ...Array(100).fill(3)]); // NPS 0
    const treatedAfter = hist([...Array(160).fill(10), ...Array(40).fill(2)]); // NPS 60
    const controlAfter = hist([...Array(120).fill(9), ...Array(80).fill(5)]); // NPS 20
    const r = differenceInDifferences(
      npsEstimate(before),
      npsEstimate(treatedAfter),
      npsEstimate(before),
      npsEstimate(controlAfter),
    );
    expect(r.effect).toBeCloseTo(40, 6);
    expect(r.significant).toBe(true);
    expect(r.ci![0]).toBeLessThan(40);
    expect(r.ci![1]).toBeGreaterThan(40);
  });

  it('is not significant for tiny groups and null without data', () => {
    const r = differenceInDifferences(
      npsEstimate(hist([9, 3])),
      npsEstimate(hist([10, 10])),
      npsEstimate(hist([9, 2])),
      npsEstimate(hist([8, 3])),
    );
    expect(r.significant).toBe(false);
    expect(
      differenceInDifferences(
        npsEstimate(hist([])),
        npsEstimate(hist([9])),
        npsEstimate(hist([9])),
        npsEstimate(hist([9])),
      ).effect,
    ).toBeNull();
  });
});
