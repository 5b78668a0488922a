import { csat, type Histogram, mean, normalCdf, nps } from '@loopcx/shared';

/**
 * "Did this metric move?" — this period against the previous one, for one unit. Each metric kind gets the test
 * that fits its estimator: NPS a two-sample z test on the difference of two NPS values with the trinomial variance
 * (the same variance `@loopcx/shared` `nps()` gives every dashboard), CSAT top-2-box the two-proportion z test
 * (pooled under H₀), a mean score (CES, ratings) Welch's t test with Welch–Satterthwaite degrees of freedom.
 * The home page tests every unit × metric in the caller's scope at once (a region: ~30 tests), so it holds a
 * move significant only at p < 0.01 and with at least 30 answers in each period: at 0.05 a region would see a
 * false "significant drop" every week.
 */
export type MoveTest = 'z-nps' | 'z-two-proportion' | 'welch-t';

export interface Move {
  test: MoveTest;
  current: { value: number; n: number };
  previous: { value: number; n: number };
  /** current − previous, in the metric's unit (NPS points, top-box percentage points, score points). */
  change: number;
  /** z or t. */
  statistic: number;
  /** Welch–Satterthwaite degrees of freedom (t test only). */
  df?: number;
  /** Two-sided p value. */
  pValue: number;
  significant: boolean;
}

/** The significance level of a home-page move and the fewest answers per period a move is tested with. */
export const MOVE_ALPHA = 0.01;
export const MOVE_MIN_N = 30;

/** The standard normal CDF lives with the other shared statistics; re-exported for this file's callers. */
export { normalCdf };

const twoSidedZ = (z: number) => Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));

/** ln Γ(x) (Lanczos, g = 7). */
function lnGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const y = x - 1;
  let a = c[0];
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the regularized incomplete beta (Numerical Recipes `betacf`). */
function betaCf(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 200; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-12) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaCf(a, b, x)) / a : 1 - (front * betaCf(b, a, 1 - x)) / b;
}

/** Two-sided p value of Student's t with `df` degrees of freedom. */
export function twoSidedT(t: number, df: number): number {
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

function result(
  test: MoveTest,
  cur: { value: number; n: number },
  prev: { value: number; n: number },
  statistic: number,
  pValue: number,
  df?: number,
): Move {
  return {
    test,
    current: cur,
    previous: prev,
    change: cur.value - prev.value,
    statistic,
    ...(df === undefined ? {} : { df }),
    pValue,
    significant: pValue < MOVE_ALPHA,
  };
}

/** NPS this period (`cur`) against the previous (`prev`): z = ΔNPS / √(Var₁ + Var₂), Var = (p₊ + p₋ − NPS²)/n. */
export function npsMove(cur: Histogram, prev: Histogram): Move | null {
  const a = nps(cur);
  const b = nps(prev);
  if (a.value === null || b.value === null || a.n < MOVE_MIN_N || b.n < MOVE_MIN_N) return null;
  const se = Math.sqrt((a.variance ?? 0) + (b.variance ?? 0));
  const z = se === 0 ? (a.value === b.value ? 0 : Math.sign(a.value - b.value) * Infinity) : (a.value - b.value) / se;
  return result('z-nps', { value: a.value, n: a.n }, { value: b.value, n: b.n }, z, twoSidedZ(z));
}

/** CSAT top-2-box: the two-proportion z test, z = (p₁ − p₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)), p̂ pooled. */
export function topBoxMove(cur: Histogram, prev: Histogram, scale = 5): Move | null {
  const a = csat(cur, scale);
  const b = csat(prev, scale);
  if (a.value === null || b.value === null || a.n < MOVE_MIN_N || b.n < MOVE_MIN_N) return null;
  const k1 = (a.value / 100) * a.n;
  const k2 = (b.value / 100) * b.n;
  const pooled = (k1 + k2) / (a.n + b.n);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  const diff = a.value / 100 - b.value / 100;
  const z = se === 0 ? 0 : diff / se;
  return result('z-two-proportion', { value: a.value, n: a.n }, { value: b.value, n: b.n }, z, twoSidedZ(z));
}

/** A mean score: Welch's t = (m₁ − m₂) / √(s₁²/n₁ + s₂²/n₂), df by Welch–Satterthwaite. */
export function meanMove(cur: Histogram, prev: Histogram): Move | null {
  const a = mean(cur);
  const b = mean(prev);
  if (a.value === null || b.value === null || a.n < MOVE_MIN_N || b.n < MOVE_MIN_N) return null;
  const va = a.variance ?? 0;
  const vb = b.variance ?? 0;
  const se = Math.sqrt(va + vb);
  if (se === 0) return result('welch-t', { value: a.value, n: a.n }, { value: b.value, n: b.n }, 0, 1);
  const t = (a.value - b.value) / se;
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  return result('welch-t', { value: a.value, n: a.n }, { value: b.value, n: b.n }, t, twoSidedT(t, df), df);
}

/**
 * Whether a count rose beyond chance: `cur` events this window against `prev` in an equal window before. Given
 * the total, the current count is binomial(cur + prev, ½) under "same rate"; the normal approximation gives
 * z = (cur − prev) / √(cur + prev). Used for negative mentions of a topic.
 */
export function countRise(cur: number, prev: number): { statistic: number; pValue: number; significant: boolean } {
  if (cur + prev === 0) return { statistic: 0, pValue: 1, significant: false };
  const z = (cur - prev) / Math.sqrt(cur + prev);
  const p = twoSidedZ(z);
  return { statistic: z, pValue: p, significant: z > 0 && p < MOVE_ALPHA };
}
