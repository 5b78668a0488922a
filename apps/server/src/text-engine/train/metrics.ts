import type { SentimentLabel } from '../sentiment.ts';

export const LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];

/** Figures of predictions against gold labels. */
export interface Scores {
  n: number;
  /** Share of exact matches (a neutral prediction of a polar text counts as wrong). */
  accuracy: number;
  /** Mean F1 over the gold classes present (negative/positive for the polar corpora, all three otherwise). */
  macroF1: number;
  /** Share of texts predicted neutral. */
  neutralShare: number;
  /**
   * Over polar gold labels: share whose score has the gold sign (a score of exactly 0 counts as wrong) — the
   * two-class figure, comparable with the binary trials the issue quotes.
   */
  polarityAccuracy: number;
  /** Per gold class: predicted counts, e.g. confusion.negative.neutral = negatives called neutral. */
  confusion: Record<SentimentLabel, Record<SentimentLabel, number>>;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** Accuracy, macro-F1 over the gold classes that occur, neutral share and the confusion table. */
export function score(
  pairs: ReadonlyArray<{ gold: SentimentLabel; predicted: SentimentLabel; score?: number }>,
): Scores {
  const confusion = Object.fromEntries(
    LABELS.map((g) => [g, Object.fromEntries(LABELS.map((p) => [p, 0]))]),
  ) as Scores['confusion'];
  let correct = 0;
  let neutral = 0;
  let polar = 0;
  let signRight = 0;
  for (const { gold, predicted, score: s } of pairs) {
    confusion[gold][predicted]++;
    if (gold === predicted) correct++;
    if (predicted === 'neutral') neutral++;
    if (gold !== 'neutral' && s !== undefined) {
      polar++;
      if ((gold === 'positive' && s > 0) || (gold === 'negative' && s < 0)) signRight++;
    }
  }
  const present = LABELS.filter((g) => LABELS.some((p) => confusion[g][p] > 0));
  let f1sum = 0;
  for (const c of present) {
    const tp = confusion[c][c];
    const predicted = LABELS.reduce((s, g) => s + confusion[g][c], 0);
    const gold = LABELS.reduce((s, p) => s + confusion[c][p], 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = gold ? tp / gold : 0;
    f1sum += precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  }
  const n = pairs.length;
  return {
    n,
    accuracy: n ? round(correct / n) : 0,
    macroF1: present.length ? round(f1sum / present.length) : 0,
    neutralShare: n ? round(neutral / n) : 0,
    polarityAccuracy: polar ? round(signRight / polar) : 0,
    confusion,
  };
}

/** The label of a training target (1 positive, 0 negative, 0.5 neutral). */
export function labelOfTarget(y: number): SentimentLabel {
  return y >= 0.75 ? 'positive' : y <= 0.25 ? 'negative' : 'neutral';
}

/** Precision, recall and F1 of a detector, from true positives, predictions and gold items. */
export interface Detection {
  tp: number;
  predicted: number;
  gold: number;
  precision: number;
  recall: number;
  f1: number;
}

/** P/R/F1 from counts (0 when a denominator is 0). */
export function detection(tp: number, predicted: number, gold: number): Detection {
  const precision = predicted ? tp / predicted : 0;
  const recall = gold ? tp / gold : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, predicted, gold, precision: round(precision), recall: round(recall), f1: round(f1) };
}

/**
 * Multi-label detection per class and micro-averaged over all classes: each item has a set of gold and a set
 * of predicted classes; a (item, class) pair in both is a true positive.
 */
export function detectionScores<C extends string>(
  classes: readonly C[],
  items: ReadonlyArray<{ gold: ReadonlySet<C>; predicted: ReadonlySet<C> }>,
): { perClass: Record<C, Detection>; micro: Detection } {
  const perClass = {} as Record<C, Detection>;
  let tpAll = 0;
  let predAll = 0;
  let goldAll = 0;
  for (const c of classes) {
    let tp = 0;
    let predicted = 0;
    let gold = 0;
    for (const it of items) {
      const g = it.gold.has(c);
      const p = it.predicted.has(c);
      if (g) gold++;
      if (p) predicted++;
      if (g && p) tp++;
    }
    perClass[c] = detection(tp, predicted, gold);
    tpAll += tp;
    predAll += predicted;
    goldAll += gold;
  }
  return { perClass, micro: detection(tpAll, predAll, goldAll) };
}
