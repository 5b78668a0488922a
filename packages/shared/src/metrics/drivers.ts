/**
 * Key-driver analysis by Johnson's relative weights (Johnson 2000): each predictor's share of R² when the
 * predictors are correlated, via the orthogonal counterpart Z = X·R^(-1/2). With standardised data:
 *   R = VΛVᵀ (eigen-decomposition of the predictors' correlation matrix), L = V Λ^(1/2) Vᵀ,
 *   β = L⁻¹ r_xy, ε_j = Σ_k L_jk² β_k², and R² = Σ_j ε_j.
 */

/** Symmetric eigen-decomposition by cyclic Jacobi rotations (p is small: a handful of touchpoint scores). */
export function symmetricEigen(a: number[][]): { values: number[]; vectors: number[][] } {
  const n = a.length;
  const m = a.map((r) => [...r]);
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += m[i][j] ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(m[p][q]) < 1e-15) continue;
        const theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k][p];
          const mkq = m[k][q];
          m[k][p] = c * mkp - s * mkq;
          m[k][q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p][k];
          const mqk = m[q][k];
          m[p][k] = c * mpk - s * mqk;
          m[q][k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: m.map((r, i) => r[i]), vectors: v };
}

function correlation(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

export interface RelativeWeights {
  r2: number;
  /** Raw relative weights (sum to R²). */
  weights: number[];
  /** Each weight as a share of R², in percent. */
  shares: number[];
}

/** Johnson's relative weights of `predictors` (columns) for `outcome`; rows are respondents. */
export function relativeWeights(predictors: number[][], outcome: number[]): RelativeWeights {
  const p = predictors.length;
  const rxx = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => (i === j ? 1 : correlation(predictors[i], predictors[j]))),
  );
  const rxy = predictors.map((x) => correlation(x, outcome));
  const { values, vectors } = symmetricEigen(rxx);
  const sqrt = values.map((l) => Math.sqrt(Math.max(l, 1e-12)));
  // L = V diag(√λ) Vᵀ and L⁻¹ = V diag(1/√λ) Vᵀ
  const L = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) =>
      vectors[i].reduce((s, _v, k) => s + vectors[i][k] * sqrt[k] * vectors[j][k], 0),
    ),
  );
  const Linv = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) =>
      vectors[i].reduce((s, _v, k) => s + (vectors[i][k] / sqrt[k]) * vectors[j][k], 0),
    ),
  );
  const beta = Linv.map((row) => row.reduce((s, v, k) => s + v * rxy[k], 0));
  const weights = L.map((row) => row.reduce((s, v, k) => s + v * v * beta[k] * beta[k], 0));
  const r2 = weights.reduce((s, w) => s + w, 0);
  return { r2, weights, shares: weights.map((w) => (r2 > 0 ? (w / r2) * 100 : 0)) };
}
