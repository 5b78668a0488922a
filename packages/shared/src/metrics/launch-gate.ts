/**
 * The launch gate of a concept / pre-launch test (decision 79): approve-or-not answers give a proportion with a
 * Wilson score interval; the decision compares the interval, not the point estimate, with the threshold.
 */
import { histogramOf, mean, wilson } from './math.ts';

export const GATE_CONFIDENCES = [0.9, 0.95, 0.99] as const;
export type TGateConfidence = (typeof GATE_CONFIDENCES)[number];
export type TGateDecision = 'launch' | 'veto' | 'insufficient';

/** Two-sided standard normal quantiles z(1 − α/2) of the three offered confidence levels. */
const Z_OF: Record<TGateConfidence, number> = {
  0.9: 1.6448536269514722,
  0.95: 1.959963984540054,
  0.99: 2.5758293035489004,
};

/** z for a confidence level the gate offers (0.90, 0.95, 0.99); anything else is a programming error. */
export function zForConfidence(confidence: number): number {
  const z = Z_OF[confidence as TGateConfidence];
  if (z === undefined) throw new Error(`unsupported confidence ${confidence}`);
  return z;
}

/** Wilson interval of k approvals out of n, as fractions 0..1, at the given confidence. */
export function approvalInterval(k: number, n: number, confidence: number): [number, number] {
  const [lo, hi] = wilson(k, n, zForConfidence(confidence));
  return [lo / 100, hi / 100];
}

export interface GateInput {
  /** Approvals. */
  k: number;
  /** Responses answering the approval question. */
  n: number;
  /** Fraction 0..1 the approval must reach. */
  threshold: number;
  minN: number;
  confidence: number;
}

export interface GateResult {
  decision: TGateDecision;
  approval: number | null;
  ci: [number, number] | null;
}

/**
 * The gate's rule, in this order:
 * - n < minN → insufficient (too few answers to decide, whatever the interval says);
 * - lower bound ≥ threshold → launch (a lower bound exactly on the threshold launches: non-strict);
 * - upper bound < threshold → veto (an upper bound exactly on the threshold does not veto: strict);
 * - otherwise the interval straddles the threshold → insufficient.
 * An approval exactly equal to the threshold therefore never launches nor vetoes (its interval contains it).
 */
export function gateDecision(x: GateInput): GateResult {
  if (x.n === 0) return { decision: 'insufficient', approval: null, ci: null };
  const approval = x.k / x.n;
  const ci = approvalInterval(x.k, x.n, x.confidence);
  if (x.n < x.minN) return { decision: 'insufficient', approval, ci };
  if (ci[0] >= x.threshold) return { decision: 'launch', approval, ci };
  if (ci[1] < x.threshold) return { decision: 'veto', approval, ci };
  return { decision: 'insufficient', approval, ci };
}

/** The ten SUS item names the usability template uses (`sus1`…`sus10`, each 1–5). */
export const SUS_ITEMS = ['sus1', 'sus2', 'sus3', 'sus4', 'sus5', 'sus6', 'sus7', 'sus8', 'sus9', 'sus10'] as const;

/**
 * One respondent's System Usability Scale score (Brooke 1996), 0–100: odd (positively worded) items score − 1,
 * even (negatively worded) items 5 − score, the sum × 2.5. Null unless all ten items hold an integer 1–5.
 */
export function susScore(items: unknown[]): number | null {
  if (items.length !== 10) return null;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const s = items[i];
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 1 || s > 5) return null;
    sum += i % 2 === 0 ? s - 1 : 5 - s;
  }
  return sum * 2.5;
}

export type TSusBand = 'worst' | 'poor' | 'ok' | 'good' | 'excellent' | 'best';

/**
 * The adjective band of a mean SUS score, after Sauro & Lewis's table of Bangor et al.'s adjective ratings:
 * worst imaginable 0–25, poor 25.1–51.6, OK 51.7–71.0, good 71.1–80.7, excellent 80.8–84.0, best imaginable 84.1–100.
 */
export function susBand(score: number): TSusBand {
  if (score > 84) return 'best';
  if (score > 80.7) return 'excellent';
  if (score > 71) return 'good';
  if (score > 51.6) return 'ok';
  if (score > 25) return 'poor';
  return 'worst';
}

export interface UsabilitySummary {
  n: number;
  mean: number | null;
  /** 95 % t interval of the mean. */
  ci: [number, number] | null;
}

/** Mean of per-respondent scores (SUS 0–100 or SEQ 1–7) with its 95 % t interval, through `mean` of math.ts. */
export function usabilityMean(scores: number[]): UsabilitySummary {
  const m = mean(histogramOf(scores));
  return { n: m.n, mean: m.value, ci: m.ci };
}
