import { describe, expect, it } from 'vitest';
import { relativeWeights, symmetricEigen } from './drivers.ts';

/** Deterministic pseudo-random normals (Box–Muller over a small LCG). */
function normals(n: number, seed: number) {
  let s = seed;
  const u = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s + 1) / 2147483649;
  };
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

describe('key drivers (Johnson relative weights)', () => {
  it('eigen-decomposes a symmetric matrix', () => {
    const { values, vectors } = symmetricEigen([
      [2, 1],
      [1, 2],
    ]);
    expect([...values].sort()).toEqual([expect.closeTo(1, 9), expect.closeTo(3, 9)]);
    const i = values.findIndex((v) => Math.abs(v - 3) < 1e-9);
    expect(Math.abs(vectors[0][i])).toBeCloseTo(Math.SQRT1_2, 9);
  });

  it('with uncorrelated predictors, weights equal squared correlations and sum to R²', () => {
    const n = 4000;
    const x1 = normals(n, 1);
    const x2 = normals(n, 2);
    const e = normals(n, 3);
    const y = x1.map((v, i) => 2 * v + x2[i] + e[i]);
    const r = relativeWeights([x1, x2], y);
    expect(r.r2).toBeCloseTo(5 / 6, 1);
    expect(r.weights[0]).toBeCloseTo(4 / 6, 1);
    expect(r.shares[0]).toBeGreaterThan(r.shares[1]);
    expect(r.shares.reduce((s, v) => s + v, 0)).toBeCloseTo(100, 6);
  });

  it('finds the strongest driver among correlated predictors', () => {
    const n = 3000;
    const base = normals(n, 7);
    const x1 = base.map((v, i) => v + 0.3 * normals(n, 8)[i]);
    const x2 = base.map((v, i) => 0.6 * v + normals(n, 9)[i]);
    const x3 = normals(n, 10);
    const y = x1.map((v, i) => 1.5 * v + 0.2 * x3[i] + normals(n, 11)[i]);
    const r = relativeWeights([x1, x2, x3], y);
    expect(r.shares[0]).toBeGreaterThan(r.shares[1]);
    expect(r.shares[1]).toBeGreaterThan(r.shares[2]);
  });
});
