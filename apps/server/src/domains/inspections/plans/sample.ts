/** A unit of a plan's population, with its stratum (its region; '' for a unit under no region). */
export interface PopulationUnit {
  id: string;
  stratum: string;
}

/** A source of uniform numbers in [0, 1): `Math.random` in production, a seeded generator in tests. */
export type Random = () => number;

/**
 * Splits `size` over strata proportionally to their populations by the largest-remainder method (ties: the larger
 * stratum, then the stratum key), then — when `size` is at least the number of strata — gives every empty stratum
 * one unit, taken from the stratum most over its exact quota. Never more than a stratum holds; `size` is clipped to
 * the population. Returns stratum → count.
 */
export function allocate(strata: Map<string, number>, size: number): Map<string, number> {
  const total = [...strata.values()].reduce((s, n) => s + n, 0);
  const n = Math.min(size, total);
  const keys = [...strata.keys()].sort();
  const quota = new Map(keys.map((k) => [k, total ? (n * (strata.get(k) ?? 0)) / total : 0]));
  const out = new Map(keys.map((k) => [k, Math.floor(quota.get(k) ?? 0)]));
  let left = n - [...out.values()].reduce((s, v) => s + v, 0);
  const byRemainder = [...keys].sort(
    (a, b) =>
      (quota.get(b) ?? 0) - (out.get(b) ?? 0) - ((quota.get(a) ?? 0) - (out.get(a) ?? 0)) ||
      (strata.get(b) ?? 0) - (strata.get(a) ?? 0) ||
      a.localeCompare(b),
  );
  for (const k of byRemainder) {
    if (left === 0) break;
    out.set(k, (out.get(k) ?? 0) + 1);
    left--;
  }
  if (n >= keys.length) {
    for (const k of keys.filter((x) => out.get(x) === 0 && (strata.get(x) ?? 0) > 0)) {
      const donor = keys
        .filter((d) => (out.get(d) ?? 0) > 1)
        .sort(
          (a, b) =>
            (out.get(b) ?? 0) - (quota.get(b) ?? 0) - ((out.get(a) ?? 0) - (quota.get(a) ?? 0)) || a.localeCompare(b),
        )[0];
      if (!donor) break;
      out.set(donor, (out.get(donor) ?? 0) - 1);
      out.set(k, 1);
    }
  }
  return out;
}

/** Fisher–Yates on a copy. */
function shuffled<T>(list: T[], random: Random): T[] {
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/**
 * Draws a sample of `size` units without replacement: per stratum (one stratum when not stratified) the allocated
 * count, taken first from units the plan did not audit in its previous period (`recent`), at random within each
 * group. Deterministic for a seeded `random`. Returns unit ids.
 */
export function drawSample(
  units: PopulationUnit[],
  opts: { size: number; stratified: boolean; recent: Set<string> },
  random: Random,
): string[] {
  const groups = new Map<string, PopulationUnit[]>();
  for (const u of [...units].sort((a, b) => a.id.localeCompare(b.id))) {
    const key = opts.stratified ? u.stratum : '';
    groups.set(key, [...(groups.get(key) ?? []), u]);
  }
  const counts = allocate(new Map([...groups].map(([k, list]) => [k, list.length])), opts.size);
  const out: string[] = [];
  for (const [key, list] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const fresh = shuffled(
      list.filter((u) => !opts.recent.has(u.id)),
      random,
    );
    const again = shuffled(
      list.filter((u) => opts.recent.has(u.id)),
      random,
    );
    out.push(...[...fresh, ...again].slice(0, counts.get(key) ?? 0).map((u) => u.id));
  }
  return out;
}
