import { describe, expect, it } from 'vitest';
import { prng } from '../../../seed/random.ts';
import { allocate, drawSample, type PopulationUnit } from './sample.ts';

const strata = (o: Record<string, number>) => new Map(Object.entries(o));
const asObject = (m: Map<string, number>) => Object.fromEntries(m);

describe('allocate (largest remainder, at least one per stratum when N ≥ strata)', () => {
  it('splits 4 over 10/5/1: quotas 2.5, 1.25, 0.25 → 3, 1, 0 → the empty stratum takes one from the most over quota', () => {
    expect(asObject(allocate(strata({ A: 10, B: 5, C: 1 }), 4))).toEqual({ A: 2, B: 1, C: 1 });
  });

  it('gives no minimum when N is below the number of strata: 2 over 10/5/1 → 1.25, 0.625, 0.125 → 1, 1, 0', () => {
    expect(asObject(allocate(strata({ A: 10, B: 5, C: 1 }), 2))).toEqual({ A: 1, B: 1, C: 0 });
  });

  it('is exact when the quotas are whole: 4 over 6/3/3 → 2, 1, 1', () => {
    expect(asObject(allocate(strata({ A: 6, B: 3, C: 3 }), 4))).toEqual({ A: 2, B: 1, C: 1 });
  });

  it('breaks remainder ties by the larger stratum, then the key', () => {
    expect(asObject(allocate(strata({ A: 2, B: 2 }), 1))).toEqual({ A: 1, B: 0 });
    // 2 over 1/3: 0.5, 1.5 → tie on .5 → B (larger) → 0, 2 → A is empty and N ≥ 2 → 1, 1.
    expect(asObject(allocate(strata({ A: 1, B: 3 }), 2))).toEqual({ A: 1, B: 1 });
    expect(asObject(allocate(strata({ A: 1, B: 3 }), 1))).toEqual({ A: 0, B: 1 });
  });

  it('clips N to the population and never gives a stratum more than it holds', () => {
    expect(asObject(allocate(strata({ A: 2, B: 1 }), 10))).toEqual({ A: 2, B: 1 });
    expect(asObject(allocate(strata({}), 3))).toEqual({});
  });

  it('sums to min(N, population) for every N', () => {
    const s = strata({ east: 7, north: 4, south: 2, west: 1 });
    for (let n = 1; n <= 16; n++) {
      const out = allocate(s, n);
      expect([...out.values()].reduce((a, b) => a + b, 0)).toBe(Math.min(n, 14));
      for (const [k, v] of out) expect(v).toBeLessThanOrEqual(s.get(k) ?? 0);
      if (n >= 4) expect([...out.values()].every((v) => v >= 1)).toBe(true);
    }
  });
});

describe('drawSample', () => {
  const units: PopulationUnit[] = [
    ...['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((id) => ({ id, stratum: 'A' })),
    ...['b1', 'b2', 'b3'].map((id) => ({ id, stratum: 'B' })),
    { id: 'c1', stratum: 'C' },
  ];

  it('draws the allocation per region, without replacement, the same for the same seed', () => {
    const one = drawSample(units, { size: 5, stratified: true, recent: new Set() }, prng(7).next);
    expect(new Set(one).size).toBe(5);
    // 5 over 6/3/1: 3, 1.5, 0.5 → 3, 1, 0 + 1 (B, larger) → 3, 2, 0 → C takes one from B (over quota by .5).
    expect(one.filter((id) => id.startsWith('a'))).toHaveLength(3);
    expect(one.filter((id) => id.startsWith('b'))).toHaveLength(1);
    expect(one).toContain('c1');
    expect(drawSample(units, { size: 5, stratified: true, recent: new Set() }, prng(7).next)).toEqual(one);
  });

  it('prefers units not audited in the previous period', () => {
    const recent = new Set(['a1', 'a2', 'a3', 'b1']);
    const out = drawSample(units, { size: 5, stratified: true, recent }, prng(3).next);
    expect(out.filter((id) => recent.has(id))).toEqual([]);
    // A sample of everyone takes the recent units too, each once.
    const again = drawSample(units, { size: 10, stratified: true, recent }, prng(3).next);
    expect(new Set(again).size).toBe(10);
  });

  it('ignores regions when not stratified', () => {
    const out = drawSample(units, { size: 2, stratified: false, recent: new Set() }, prng(1).next);
    expect(out).toHaveLength(2);
    expect(new Set(out).size).toBe(2);
  });
});
