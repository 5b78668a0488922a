import { type SampleSums, sampleValue, significantDifference } from './math.ts';

/** One group of a proportion or mean metric (a child unit, a day, an item…) with its sums. */
export interface SampleGroup extends SampleSums {
  key: string;
  label: string;
}

/**
 * A group's value (`sampleValue`), with k and n as numerator and denominator for a proportion; a group that is
 * missing counts as empty.
 */
export function sampleGroupValue(kind: 'proportion' | 'mean', g: SampleSums | undefined, minN: number) {
  const sums = { k: g?.k ?? 0, n: g?.n ?? 0, sum: g?.sum ?? 0, sumsq: g?.sumsq ?? 0 };
  const { extras: _e, ...v } = sampleValue(kind, sums, minN);
  return kind === 'mean' ? v : { ...v, numerator: sums.k, denominator: sums.n };
}

/**
 * The rows POST /metrics/query answers for a proportion or mean metric (the audit and training indicators): each
 * group's value and, with a comparison period, its previous value, the change and whether it is significant.
 */
export function sampleRows(
  kind: 'proportion' | 'mean',
  groups: SampleGroup[],
  previous: Map<string, SampleGroup> | null,
  minN: number,
) {
  return groups.map((r) => {
    const { variance, ...v } = sampleGroupValue(kind, r, minN);
    const row = { key: r.key, label: r.label ?? r.key, ...v };
    if (!previous) return row;
    const prev = sampleGroupValue(kind, previous.get(r.key), minN);
    return {
      ...row,
      previous: prev.value,
      change: v.value !== null && prev.value !== null ? v.value - prev.value : null,
      significant: significantDifference(
        { value: v.value, n: v.n, ci: v.ci, variance },
        { value: prev.value, n: prev.n, ci: prev.ci, variance: prev.variance },
      ),
    };
  });
}

/** The value over all groups together (the parent of child-unit rows), without variance and suppressed flag. */
export function sampleTotal(kind: 'proportion' | 'mean', groups: SampleSums[], minN: number) {
  const total = { k: 0, n: 0, sum: 0, sumsq: 0 };
  for (const r of groups) {
    total.k += r.k;
    total.n += r.n;
    total.sum += r.sum;
    total.sumsq += r.sumsq;
  }
  const { variance: _v, suppressed: _s, ...parent } = sampleGroupValue(kind, total, minN);
  return parent;
}
