import { AUDIT_RESULTS, type TAuditResult, type TKappa } from '@loopcx/shared';

/** One item rated by two inspectors of a calibration pair: [first inspector's answer, second's]. */
export type Rating = readonly [TAuditResult, TAuditResult];

/**
 * Cohen's κ of two raters over the categories pass / fail / na. Observed agreement p_o is the share of ratings
 * alike; expected agreement p_e = Σ_k p1(k)·p2(k) from each rater's marginal shares; κ = (p_o − p_e) / (1 − p_e).
 * κ is undefined (null, with the reason) without ratings, and when p_e = 1 (both raters used one and the same
 * category throughout: agreement is then certain by chance, so it says nothing about the raters).
 */
export function cohensKappa(ratings: readonly Rating[], pairs: number): TKappa {
  const n = ratings.length;
  if (n === 0) return { pairs, ratings: 0, observed: null, expected: null, kappa: null, reason: 'no_pairs' };
  let alike = 0;
  const first = new Map<TAuditResult, number>();
  const second = new Map<TAuditResult, number>();
  for (const [a, b] of ratings) {
    if (a === b) alike++;
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
  }
  const observed = alike / n;
  const expected = AUDIT_RESULTS.reduce((sum, k) => sum + ((first.get(k) ?? 0) / n) * ((second.get(k) ?? 0) / n), 0);
  // Integer counts: p_e = 1 exactly when one category holds every rating of both raters.
  if (AUDIT_RESULTS.some((k) => first.get(k) === n && second.get(k) === n))
    return { pairs, ratings: n, observed, expected: 1, kappa: null, reason: 'no_variation' };
  return { pairs, ratings: n, observed, expected, kappa: (observed - expected) / (1 - expected), reason: null };
}
