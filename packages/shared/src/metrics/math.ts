/**
 * Metric maths from score histograms (h0..h10 counts, n, sum, sumsq): every value a dashboard shows is computed
 * here, from rollups summed over an org subtree and a period, so dashboard cost does not grow with responses.
 */
export interface Histogram {
  n: number;
  sum: number;
  sumsq: number;
  /** counts of integer scores 0..10 */
  h: number[];
}

export interface MetricValue {
  value: number | null;
  n: number;
  ci: [number, number] | null;
  /** Sampling variance of `value` (for comparisons); null when undefined. */
  variance: number | null;
  extras?: Record<string, number>;
}

const Z = 1.959963984540054;

export const emptyHistogram = (): Histogram => ({ n: 0, sum: 0, sumsq: 0, h: new Array(11).fill(0) });

export function addHistograms(a: Histogram, b: Histogram): Histogram {
  return { n: a.n + b.n, sum: a.sum + b.sum, sumsq: a.sumsq + b.sumsq, h: a.h.map((v, i) => v + (b.h[i] ?? 0)) };
}

/** Histogram of raw scores (tests and raw recomputation). */
export function histogramOf(scores: number[]): Histogram {
  const h = emptyHistogram();
  for (const s of scores) {
    h.n++;
    h.sum += s;
    h.sumsq += s * s;
    if (Number.isInteger(s) && s >= 0 && s <= 10) h.h[s]++;
  }
  return h;
}

/**
 * NPS = %promoters (9–10) − %detractors (0–6), −100…100. 95 % CI: adjusted-Wald for NPS (Rocks 2016,
 * "Interval estimation for the net promoter score": add ¾ to each of the three categories, n + 9/4), which keeps
 * its coverage for small n and scores near ±100 where the plain Wald interval collapses.
 */
export function nps(x: Histogram): MetricValue {
  const promoters = x.h[9] + x.h[10];
  const detractors = x.h.slice(0, 7).reduce((s, v) => s + v, 0);
  const passives = x.h[7] + x.h[8];
  const n = promoters + passives + detractors;
  if (n === 0) return { value: null, n: 0, ci: null, variance: null };
  const pp = promoters / n;
  const pd = detractors / n;
  const value = (pp - pd) * 100;
  const na = n + 2.25;
  const ppa = (promoters + 0.75) / na;
  const pda = (detractors + 0.75) / na;
  const adj = ppa - pda;
  const varAdj = (ppa + pda - adj * adj) / na;
  const half = Z * Math.sqrt(varAdj);
  return {
    value,
    n,
    ci: [Math.max(-100, (adj - half) * 100), Math.min(100, (adj + half) * 100)],
    variance: ((pp + pd - (pp - pd) ** 2) / n) * 10_000,
    extras: { promoters: pp * 100, passives: (passives / n) * 100, detractors: pd * 100 },
  };
}

/**
 * Wilson score interval for a proportion k/n, in percent: 95 % unless another two-sided normal quantile `z` is
 * given (the launch gate's 90 % and 99 % levels, see `zForConfidence`).
 */
export function wilson(k: number, n: number, z = Z): [number, number] {
  if (n === 0) return [0, 100];
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, (c - h) * 100), Math.min(100, (c + h) * 100)];
}

/** CSAT = top-2-box % on a 5- or 7-point scale, Wilson CI. */
export function csat(x: Histogram, scale = 5): MetricValue {
  const n = x.h.slice(1, scale + 1).reduce((s, v) => s + v, 0);
  if (n === 0) return { value: null, n: 0, ci: null, variance: null };
  const top = x.h[scale] + x.h[scale - 1];
  const p = top / n;
  return {
    value: p * 100,
    n,
    ci: wilson(top, n),
    variance: ((p * (1 - p)) / n) * 10_000,
    extras: { mean: x.h.reduce((s, v, i) => s + v * i, 0) / n },
  };
}

// Two-sided 97.5 % quantiles of Student's t for df 1..30; beyond, a Cornish–Fisher expansion is accurate to 1e-4.
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** t quantile for a 95 % two-sided interval. */
export function t975(df: number): number {
  if (df < 1) return Number.NaN;
  if (df <= 30) return T975[Math.floor(df) - 1];
  const z = Z;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3;
}

/** Mean score (CES, ratings) with a t interval. */
export function mean(x: Histogram): MetricValue {
  if (x.n === 0) return { value: null, n: 0, ci: null, variance: null };
  const m = x.sum / x.n;
  if (x.n < 2) return { value: m, n: x.n, ci: null, variance: null };
  const s2 = Math.max(0, (x.sumsq - x.n * m * m) / (x.n - 1));
  const se = Math.sqrt(s2 / x.n);
  const t = t975(x.n - 1);
  return { value: m, n: x.n, ci: [m - t * se, m + t * se], variance: se * se };
}

/**
 * Whether two estimates differ at 95 %: a two-sample z test on the difference (variances add for independent
 * samples; used for NPS, proportions and means alike at the sample sizes dashboards show).
 */
export function significantDifference(a: MetricValue, b: MetricValue): boolean {
  if (a.value === null || b.value === null || a.variance === null || b.variance === null) return false;
  const se = Math.sqrt(a.variance + b.variance);
  if (se === 0) return a.value !== b.value;
  return Math.abs(a.value - b.value) / se > Z;
}

export type MetricKind = 'nps' | 'csat' | 'ces' | 'mean' | 'count';

/** Computes a metric from a histogram; values below `minN` are suppressed (value null, n shown). */
export function compute(
  kind: MetricKind,
  x: Histogram,
  opts: { scale?: number; minN?: number } = {},
): MetricValue & { suppressed: boolean } {
  const v =
    kind === 'nps'
      ? nps(x)
      : kind === 'csat'
        ? csat(x, opts.scale ?? 5)
        : kind === 'count'
          ? { value: x.n, n: x.n, ci: null, variance: null }
          : mean(x);
  const suppressed = kind !== 'count' && v.n < (opts.minN ?? 5);
  return suppressed ? { ...v, value: null, ci: null, suppressed, extras: undefined } : { ...v, suppressed };
}

/** The sums a proportion or a mean of 0–100 values is computed from (k of n; n, sum, sumsq). */
export interface SampleSums {
  k: number;
  n: number;
  sum: number;
  sumsq: number;
}

/**
 * A metric that is not a survey score, from its sums: a proportion is 100·k/n % with a Wilson interval, a mean
 * (of 0–100 values) sum/n with a t interval; below `minN` (or at n = 0) the value is suppressed (n shown). The
 * audit indicators of POST /metrics/query and the targets on them both compute here, so they cannot disagree.
 */
export function sampleValue(
  kind: 'proportion' | 'mean',
  s: SampleSums,
  minN: number,
): MetricValue & { suppressed: boolean } {
  const suppressed = s.n === 0 || s.n < minN;
  let v: MetricValue;
  if (kind === 'mean') v = mean({ n: s.n, sum: s.sum, sumsq: s.sumsq, h: [] });
  else if (s.n === 0) v = { value: null, n: 0, ci: null, variance: null };
  else {
    const p = (s.k / s.n) * 100;
    v = { value: p, n: s.n, ci: wilson(s.k, s.n), variance: (p * (100 - p)) / s.n };
  }
  return suppressed ? { ...v, value: null, ci: null, suppressed } : { ...v, suppressed };
}
