import { describe, expect, it } from 'vitest';
import { approvalInterval, gateDecision, susBand, susScore, usabilityMean, zForConfidence } from './launch-gate.ts';

/**
 * Expected bounds are computed by hand from the Wilson formula, p̂ = k/n, z = z(1 − α/2):
 *   centre = (p̂ + z²/2n) / (1 + z²/n),  half = z·√(p̂(1 − p̂)/n + z²/4n²) / (1 + z²/n).
 * e.g. k = 150, n = 250, z = 1.959964: z² = 3.841459, 1 + z²/n = 1.0153658, p̂ + z²/2n = 0.6076829,
 * centre = 0.5984867, √(0.24/250 + 3.841459/250000) = 0.0313289, half = 0.0602850 → [0.5382017, 0.6587717].
 */
const gate = (k: number, n: number, over: Partial<Parameters<typeof gateDecision>[0]> = {}) =>
  gateDecision({ k, n, threshold: 0.6, minN: 100, confidence: 0.95, ...over });

describe('the launch gate against hand-computed Wilson intervals', () => {
  it('approval exactly 60 % (150 of 250) straddles the 60 % threshold: insufficient, neither launch nor veto', () => {
    const r = gate(150, 250);
    expect(r.approval).toBe(0.6);
    expect(r.ci![0]).toBeCloseTo(0.5382017, 6);
    expect(r.ci![1]).toBeCloseTo(0.6587717, 6);
    expect(r.decision).toBe('insufficient');
  });

  it('52 % of 250 vetoes (upper bound 0.58116 < 0.6); 72 % of 200 launches (lower bound 0.65408 ≥ 0.6)', () => {
    const veto = gate(130, 250);
    expect(veto.ci![0]).toBeCloseTo(0.4582371, 6);
    expect(veto.ci![1]).toBeCloseTo(0.5811576, 6);
    expect(veto.decision).toBe('veto');
    const launch = gate(144, 200);
    expect(launch.ci![0]).toBeCloseTo(0.654077, 6);
    expect(launch.ci![1]).toBeCloseTo(0.7776311, 6);
    expect(launch.decision).toBe('launch');
  });

  it('just either side of 60 % at n = 1000: the lower bound crosses between 630 and 631, the upper between 569 and 570', () => {
    expect(gate(631, 1000).ci![0]).toBeCloseTo(0.6006446, 6);
    expect(gate(631, 1000).decision).toBe('launch');
    expect(gate(630, 1000).ci![0]).toBeCloseTo(0.5996317, 6);
    expect(gate(630, 1000).decision).toBe('insufficient');
    expect(gate(569, 1000).ci![1]).toBeCloseTo(0.5993716, 6);
    expect(gate(569, 1000).decision).toBe('veto');
    expect(gate(570, 1000).ci![1]).toBeCloseTo(0.6003591, 6);
    expect(gate(570, 1000).decision).toBe('insufficient');
  });

  it('a bound exactly on the threshold: lower = threshold launches (≥), upper = threshold does not veto (<)', () => {
    const [lo, hi] = approvalInterval(150, 250, 0.95);
    expect(gate(150, 250, { threshold: lo }).decision).toBe('launch');
    expect(gate(150, 250, { threshold: hi }).decision).toBe('insufficient');
    expect(gate(150, 250, { threshold: hi + 1e-12 }).decision).toBe('veto');
    expect(gate(150, 250, { threshold: lo + 1e-12 }).decision).toBe('insufficient');
  });

  it('below the minimum n the gate says insufficient even when the interval is clear of the threshold', () => {
    expect(gate(95, 99).ci![0]).toBeGreaterThan(0.6);
    expect(gate(95, 99).decision).toBe('insufficient');
    expect(gate(96, 100).decision).toBe('launch');
    expect(gate(0, 0)).toEqual({ decision: 'insufficient', approval: null, ci: null });
  });

  it('the confidence level widens or narrows the interval: 141 of 250 straddles at 95 % but not at 90 %', () => {
    expect(zForConfidence(0.9)).toBeCloseTo(1.644854, 6);
    expect(zForConfidence(0.99)).toBeCloseTo(2.575829, 6);
    // z = 1.644854: [0.5120001, 0.6146294] straddles 0.6; so does 95 %. 130 of 250 at 99 %: upper 0.5998153 < 0.6.
    expect(gate(141, 250, { confidence: 0.9 }).ci![1]).toBeCloseTo(0.6146294, 6);
    expect(gate(130, 250, { confidence: 0.99 }).ci![1]).toBeCloseTo(0.5998153, 6);
    expect(gate(130, 250, { confidence: 0.99 }).decision).toBe('veto');
    expect(gate(130, 250, { confidence: 0.9 }).ci![1]).toBeCloseTo(0.5714806, 6);
    expect(() => zForConfidence(0.8)).toThrow();
  });
});

describe('SUS', () => {
  it('scores odd items score − 1, even items 5 − score, the sum × 2.5', () => {
    expect(susScore([3, 3, 3, 3, 3, 3, 3, 3, 3, 3])).toBe(50);
    expect(susScore([5, 1, 5, 1, 5, 1, 5, 1, 5, 1])).toBe(100);
    expect(susScore([1, 5, 1, 5, 1, 5, 1, 5, 1, 5])).toBe(0);
    // odd: 4−1 ×5 = 15; even: 5−2 ×5 = 15; 30 × 2.5
    expect(susScore([4, 2, 4, 2, 4, 2, 4, 2, 4, 2])).toBe(75);
    // odd: (5−1)+(4−1)+(3−1)+(4−1)+(5−1) = 16; even: (5−1)+(5−2)+(5−2)+(5−3)+(5−1) = 16; 32 × 2.5
    expect(susScore([5, 1, 4, 2, 3, 2, 4, 3, 5, 1])).toBe(80);
  });

  it('leaves out respondents with a missing or out-of-range item', () => {
    expect(susScore([3, 3, 3, 3, 3, 3, 3, 3, 3])).toBeNull();
    expect(susScore([3, 3, 3, 3, 3, 3, 3, 3, 3, null])).toBeNull();
    expect(susScore([3, 3, 3, 3, 3, 3, 3, 3, 3, 6])).toBeNull();
    expect(susScore([3, 3, 3, 3, 3, 3, 3, 3, 3, '3'])).toBeNull();
  });

  it('bands the mean by the adjective ranges and gives the mean a t interval', () => {
    expect([20, 40, 68, 75, 82, 90].map(susBand)).toEqual(['worst', 'poor', 'ok', 'good', 'excellent', 'best']);
    expect(susBand(25)).toBe('worst');
    expect(susBand(25.1)).toBe('poor');
    // 50, 75, 100: mean 75, s = 25, se = 14.4338, t(2) = 4.303 → 75 ± 62.109
    const m = usabilityMean([50, 75, 100]);
    expect(m.mean).toBe(75);
    expect(m.ci![0]).toBeCloseTo(12.891, 2);
    expect(m.ci![1]).toBeCloseTo(137.109, 2);
  });
});
