import { type PreparedClause, prepareText } from '../analyzer.ts';
import { featuresOf } from '../features.ts';
import type { Example } from './corpus.ts';
import { type SparseDoc, trainLogistic } from './logistic.ts';

/** An example as the analyzer prepares it, with each clause's model features. */
export interface PreparedExample {
  ex: Example;
  clauses: PreparedClause[];
  /** features.ts features of each clause's `modelTokens` (what the clause's language model reads). */
  features: string[][];
}

/** Runs the analyzer's own preparation (normalise, clauses, jieba, lexicon) on every example. */
export function prepareExamples(examples: readonly Example[]): PreparedExample[] {
  return examples.map((ex) => {
    const { clauses } = prepareText(ex.text);
    return { ex, clauses, features: clauses.map((c) => [...featuresOf(c.modelTokens)]) };
  });
}

export interface FitOptions {
  /** L2 strength (mean log-loss + l2/2·‖w‖²). */
  l2: number;
  /** Features must occur in at least this many training texts (features of corrections are always kept). */
  minDf: number;
  /** Weights are stored as round(w·scale); weights that round to 0 are dropped. */
  scale: number;
  /** Keep at most this many features (largest |weight| first), to bound the file size. */
  maxFeatures?: number;
}

export interface FittedLanguage {
  /** Feature keys in code-point order and their integer weights (× 1/scale). */
  features: string[];
  weights: number[];
  /** Learned weight of the lexicon rules' score (one extra input: Σ of the clauses' lexicon sums). */
  lexicon: number;
  stats: { texts: number; candidateFeatures: number; keptFeatures: number; iterations: number; loss: number };
}

/**
 * Trains one language's clause model: logistic regression without an intercept (a clause with no known
 * features scores 0, whatever the corpus's class balance) over, for each text, the number of its clauses
 * (routed to this language) that contain each feature — the same sum of per-clause logits the analyzer forms —
 * plus one input holding the sum of the clauses' lexicon scores (negation and degree rules applied). Learning the
 * lexicon's weight beside the words' lets the regression leave to the rules what they already say, so the
 * combination generalises to vocabulary the corpus lacks (restaurant comments) instead of double counting.
 */
export function fitLanguage(lang: 'zh' | 'en', docs: readonly PreparedExample[], opts: FitOptions): FittedLanguage {
  const zh = lang === 'zh';
  const mine = docs.filter((d) => d.ex.lang === lang);
  const df = new Map<string, number>();
  const forced = new Set<string>();
  for (const d of mine) {
    const seen = new Set<string>();
    for (let i = 0; i < d.clauses.length; i++) if (d.clauses[i].zh === zh) for (const f of d.features[i]) seen.add(f);
    for (const f of seen) df.set(f, (df.get(f) ?? 0) + 1);
    if (d.ex.source === 'correction') for (const f of seen) forced.add(f);
  }
  const keys = [...df.keys()].filter((f) => df.get(f)! >= opts.minDf || forced.has(f)).sort(byCodePoint);
  const index = new Map(keys.map((k, i) => [k, i]));
  const LEXICON = keys.length;
  const sparse: SparseDoc[] = mine.map((d) => {
    const counts = new Map<number, number>();
    let lexicon = 0;
    for (let i = 0; i < d.clauses.length; i++) {
      if (d.clauses[i].zh !== zh) continue;
      lexicon += d.clauses[i].lexRaw;
      for (const f of d.features[i]) {
        const j = index.get(f);
        if (j !== undefined) counts.set(j, (counts.get(j) ?? 0) + 1);
      }
    }
    if (lexicon !== 0) counts.set(LEXICON, lexicon);
    const idx = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
    return { idx, val: Float32Array.from(idx, (j) => counts.get(j)!), y: d.ex.label, s: d.ex.weight };
  });
  const model = trainLogistic(sparse, { features: keys.length + 1, l2: opts.l2, intercept: false });
  let kept: Array<[string, number]> = [];
  for (let j = 0; j < keys.length; j++) {
    const q = Math.round(model.weights[j] * opts.scale);
    if (q !== 0) kept.push([keys[j], q]);
  }
  if (opts.maxFeatures !== undefined && kept.length > opts.maxFeatures) {
    kept.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || byCodePoint(a[0], b[0]));
    kept = kept.slice(0, opts.maxFeatures).sort((a, b) => byCodePoint(a[0], b[0]));
  }
  return {
    features: kept.map(([k]) => k),
    weights: kept.map(([, q]) => q),
    lexicon: Math.round(model.weights[LEXICON] * 1000) / 1000,
    stats: {
      texts: mine.length,
      candidateFeatures: keys.length,
      keptFeatures: kept.length,
      iterations: model.iterations,
      loss: model.loss,
    },
  };
}

/** Locale-independent string order (sorting must not depend on the machine's ICU data). */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
