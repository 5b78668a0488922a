import { describe, expect, it } from 'vitest';
import { wilson } from './math.ts';
import { differenceInterval, normalCdf, outcomeGroups, summarizeOutcomes, twoProportionTest } from './outcomes.ts';

describe('X → O maths', () => {
  it('groups scores per metric, lowest experience first', () => {
    expect(outcomeGroups('nps')).toEqual([
      { key: 'detractors', min: 0, max: 6 },
      { key: 'passives', min: 7, max: 8 },
      { key: 'promoters', min: 9, max: 10 },
    ]);
    expect(outcomeGroups('ces').map((g) => g.key)).toEqual(['high_effort', 'mid_effort', 'low_effort']);
    expect(outcomeGroups('csat', 7).map((g) => g.key)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(outcomeGroups('rating', 5, [4, 2, 3])).toEqual([
      { key: '2', min: 2, max: 2 },
      { key: '3', min: 3, max: 3 },
      { key: '4', min: 4, max: 4 },
    ]);
  });

  it('normal CDF and the pooled two-proportion z test match hand-computed values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
    // 30/50 vs 10/50: pooled p = 0.4, se = √(0.4·0.6·(1/50 + 1/50)) = 0.0979796, z = 0.4 / se = 4.082483.
    const t = twoProportionTest(30, 50, 10, 50)!;
    expect(t.z).toBeCloseTo(4.082483, 5);
    expect(t.pValue).toBeCloseTo(4.4565e-5, 7);
    expect(twoProportionTest(0, 10, 0, 10)).toBeNull();
    expect(twoProportionTest(1, 0, 0, 10)).toBeNull();
  });

  it("gives Newcombe's hybrid score interval of a difference (his 1998 example 56/70 − 48/80: 0.0524 to 0.3339)", () => {
    const [lo, hi] = differenceInterval(56, 70, 48, 80);
    expect(lo).toBeCloseTo(5.24, 2);
    expect(hi).toBeCloseTo(33.39, 2);
  });

  it('summarises rates, Wilson CIs, lift and the verdict', () => {
    const counts = [
      { key: 'detractors', n: 50, outcomes: 10 },
      { key: 'passives', n: 50, outcomes: 20 },
      { key: 'promoters', n: 50, outcomes: 30 },
    ];
    const s = summarizeOutcomes(counts, 30);
    expect(s.groups.map((g) => g.rate)).toEqual([20, 40, 60]);
    expect(s.groups[0].ci).toEqual(wilson(10, 50));
    expect(s.lift).toBeCloseTo(3, 12);
    expect(s.difference!.points).toBeCloseTo(40, 12);
    expect(s.difference!.ci).toEqual(differenceInterval(30, 50, 10, 50));
    expect(s.verdict).toBe('predictive');
    expect(summarizeOutcomes(counts, 60).verdict).toBe('insufficient');
    expect(summarizeOutcomes([...counts].reverse(), 30).verdict).toBe('inverse');
    // 12/50 vs 10/50: z = 0.4903, not significant.
    expect(
      summarizeOutcomes(
        [
          { key: 'a', n: 50, outcomes: 10 },
          { key: 'b', n: 50, outcomes: 12 },
        ],
        30,
      ).verdict,
    ).toBe('not_predictive');
    const empty = summarizeOutcomes(
      [
        { key: 'a', n: 0, outcomes: 0 },
        { key: 'b', n: 5, outcomes: 1 },
      ],
      1,
    );
    expect(empty).toMatchObject({ lift: null, difference: null, verdict: 'insufficient' });
    expect(empty.groups[0]).toMatchObject({ rate: null, ci: null });
    expect(
      summarizeOutcomes(
        [
          { key: 'a', n: 0, outcomes: 0 },
          { key: 'b', n: 10, outcomes: 4 },
        ],
        1,
      ).lift,
    ).toBeNull();
  });
});
