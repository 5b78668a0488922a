import { wilson } from './math.ts';

/**
 * X → O validation maths (decision 78): does an experience score predict an outcome (a repurchase, a churn)?
 * Pure functions over counts per score group, shared by the server (the endpoint) and the console (the tile).
 */

/** A score group: its key, the inclusive score range it covers, in the order lowest → highest experience. */
export interface OutcomeGroupDef {
  key: string;
  min: number;
  max: number;
}

export type OutcomeVerdict = 'predictive' | 'inverse' | 'not_predictive' | 'insufficient';

export interface OutcomeGroupCount {
  key: string;
  n: number;
  outcomes: number;
}

export interface OutcomeGroupRow extends OutcomeGroupCount {
  /** Outcome rate in %, null when the group is empty. */
  rate: number | null;
  /** Wilson 95 % interval of the rate, in %. */
  ci: [number, number] | null;
}

export interface OutcomeSummary {
  groups: OutcomeGroupRow[];
  /** The top group's rate ÷ the bottom group's rate; null when either is empty or the bottom rate is 0. */
  lift: number | null;
  /** Top − bottom rate in percentage points, with its Newcombe 95 % interval. */
  difference: { points: number; ci: [number, number] } | null;
  /** Two-proportion z test (pooled) of the top against the bottom group. */
  test: { z: number; pValue: number } | null;
  verdict: OutcomeVerdict;
}

const Z95 = 1.959963984540054;

/**
 * The score groups of a metric, lowest experience first (the bottom group is the lift's baseline): NPS
 * detractors 0–6, passives 7–8, promoters 9–10; CSAT each level 1..scale; CES (1–7, higher = less effort) the
 * high-effort 1–3, mid 4–5 and low-effort 6–7 bands; a rating each level 0..10 it can take (`levels`).
 */
export function outcomeGroups(metric: string, scale = 5, levels: number[] = []): OutcomeGroupDef[] {
  if (metric === 'nps')
    return [
      { key: 'detractors', min: 0, max: 6 },
      { key: 'passives', min: 7, max: 8 },
      { key: 'promoters', min: 9, max: 10 },
    ];
  if (metric === 'ces')
    return [
      { key: 'high_effort', min: 1, max: 3 },
      { key: 'mid_effort', min: 4, max: 5 },
      { key: 'low_effort', min: 6, max: 7 },
    ];
  const scores = metric === 'csat' ? Array.from({ length: scale }, (_, i) => i + 1) : [...levels].sort((a, b) => a - b);
  return scores.map((s) => ({ key: String(s), min: s, max: s }));
}

/** Standard normal CDF (Abramowitz & Stegun 26.2.17 via erf 7.1.26; absolute error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/**
 * Two-proportion z test (pooled under H₀: equal rates) of k1/n1 against k2/n2, two-sided. Null when a group is
 * empty or nobody (or everybody) had the outcome in both groups: the rates cannot differ then.
 */
export function twoProportionTest(
  k1: number,
  n1: number,
  k2: number,
  n2: number,
): { z: number; pValue: number } | null {
  if (n1 === 0 || n2 === 0) return null;
  const p = (k1 + k2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  if (se === 0) return null;
  const z = (k1 / n1 - k2 / n2) / se;
  return { z, pValue: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))) };
}

/**
 * Newcombe's hybrid score interval (method 10) of p1 − p2 in percentage points, built from the two Wilson
 * intervals: it keeps its coverage at small n and rates near 0 % or 100 %, where the Wald interval does not.
 */
export function differenceInterval(k1: number, n1: number, k2: number, n2: number): [number, number] {
  const p1 = (k1 / n1) * 100;
  const p2 = (k2 / n2) * 100;
  const [l1, u1] = wilson(k1, n1);
  const [l2, u2] = wilson(k2, n2);
  const d = p1 - p2;
  return [d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)];
}

/**
 * Rates, intervals, lift and the verdict from counts per group (lowest experience first). The verdict compares
 * the top with the bottom group: `insufficient` when either has fewer than `minN` responses; `predictive` when
 * the z test is significant at 95 % and the top group's rate is higher, `inverse` when significant and lower,
 * else `not_predictive`.
 */
export function summarizeOutcomes(counts: OutcomeGroupCount[], minN: number): OutcomeSummary {
  const groups = counts.map((c) => ({
    ...c,
    rate: c.n ? (c.outcomes / c.n) * 100 : null,
    ci: c.n ? wilson(c.outcomes, c.n) : null,
  }));
  const bottom = counts[0];
  const top = counts[counts.length - 1];
  if (!bottom || !top || bottom === top || bottom.n === 0 || top.n === 0)
    return { groups, lift: null, difference: null, test: null, verdict: 'insufficient' };
  const rb = bottom.outcomes / bottom.n;
  const rt = top.outcomes / top.n;
  const lift = rb > 0 ? rt / rb : null;
  const difference = {
    points: (rt - rb) * 100,
    ci: differenceInterval(top.outcomes, top.n, bottom.outcomes, bottom.n),
  };
  const test = twoProportionTest(top.outcomes, top.n, bottom.outcomes, bottom.n);
  const verdict: OutcomeVerdict =
    bottom.n < minN || top.n < minN
      ? 'insufficient'
      : !test || Math.abs(test.z) <= Z95
        ? 'not_predictive'
        : test.z > 0
          ? 'predictive'
          : 'inverse';
  return { groups, lift, difference, test, verdict };
}
