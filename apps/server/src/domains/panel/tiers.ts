import type { TPanelPassRule } from '@loopcx/shared';

export interface Tier {
  name: string;
  minPoints: number;
}

/** The tier a member with `points` holds: the highest whose minimum they reach (none when the panel has no tiers). */
export function tierFor(tiers: Tier[], points: number): string | null {
  let out: string | null = null;
  for (const t of tiers) if (points >= t.minPoints) out = t.name;
  return out;
}

/** The next tier up and its minimum, or null at the top. */
export function nextTier(tiers: Tier[], points: number): Tier | null {
  return tiers.find((t) => t.minPoints > points) ?? null;
}

/** Whether screener answers pass the rule (`manual`: nobody passes on their own; a reviewer decides). */
export function passes(rule: TPanelPassRule, answers: Record<string, string | string[]>): boolean {
  if (rule.kind === 'all') return true;
  if (rule.kind === 'manual') return false;
  const a = answers[rule.question];
  const given = Array.isArray(a) ? a : a === undefined ? [] : [a];
  return given.some((v) => rule.anyOf.includes(v));
}
