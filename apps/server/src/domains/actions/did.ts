/**
 * Difference-in-differences for an improvement action, computed from score histograms.
 * effect = (treated after − treated before) − (control after − control before), each term an NPS (or a mean)
 * with its sampling variance; the four groups are independent, so the variances add and a 95 % normal
 * interval follows. Small groups give wide intervals rather than false precision.
 */
export interface Hist {
  n: number;
  /** counts of integer scores 0..10 */
  h: number[];
  sum: number;
  sumsq: number;
}

export interface Estimate {
  value: number | null;
  variance: number | null;
  n: number;
}

/** NPS in points (−100…100) and its variance: Var = (p₊ + p₋ − (p₊ − p₋)²)/n × 100². */
export function npsEstimate(x: Hist): Estimate {
  if (x.n === 0) return { value: null, variance: null, n: 0 };
  const promoters = (x.h[9] ?? 0) + (x.h[10] ?? 0);
  const detractors = x.h.slice(0, 7).reduce((s, v) => s + (v ?? 0), 0);
  const pp = promoters / x.n;
  const pd = detractors / x.n;
  const nps = pp - pd;
  return { value: nps * 100, variance: ((pp + pd - nps * nps) / x.n) * 10_000, n: x.n };
}

/** Mean score and the variance of the mean (CES, ratings). */
export function meanEstimate(x: Hist): Estimate {
  if (x.n < 2) return { value: x.n ? x.sum / x.n : null, variance: null, n: x.n };
  const mean = x.sum / x.n;
  const sampleVar = (x.sumsq - x.n * mean * mean) / (x.n - 1);
  return { value: mean, variance: Math.max(0, sampleVar) / x.n, n: x.n };
}

/** CSAT top-2-box % on a 5- or 7-point scale and its variance. */
export function csatEstimate(x: Hist, scale = 5): Estimate {
  if (x.n === 0) return { value: null, variance: null, n: 0 };
  const top = (x.h[scale] ?? 0) + (x.h[scale - 1] ?? 0);
  const p = top / x.n;
  return { value: p * 100, variance: ((p * (1 - p)) / x.n) * 10_000, n: x.n };
}

export interface DidResult {
  effect: number | null;
  ci: [number, number] | null;
  significant: boolean;
  treated: { before: Estimate; after: Estimate };
  control: { before: Estimate; after: Estimate };
}

export function differenceInDifferences(tb: Estimate, ta: Estimate, cb: Estimate, ca: Estimate): DidResult {
  const parts = [tb, ta, cb, ca];
  const base = { treated: { before: tb, after: ta }, control: { before: cb, after: ca } };
  if (parts.some((p) => p.value === null || p.variance === null))
    return { effect: null, ci: null, significant: false, ...base };
  const effect = ta.value! - tb.value! - (ca.value! - cb.value!);
  const se = Math.sqrt(parts.reduce((s, p) => s + p.variance!, 0));
  const ci: [number, number] = [effect - 1.96 * se, effect + 1.96 * se];
  return { effect, ci, significant: ci[0] > 0 || ci[1] < 0, ...base };
}
