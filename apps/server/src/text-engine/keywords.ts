import { STOPWORDS, ZH_DEGREE, ZH_NEGATION } from './lexicon.ts';
import { getModel } from './model.ts';

/** Parts of speech worth reporting: nouns, adjectives, verbal nouns, idioms, English words. */
const KEEP_TAG = /^(n|a|vn|an|i|l|eng|j|nz|v)/;
const DEFAULT_IDF = 8;

/**
 * TF-IDF-ish keywords: content words (stopwords, negators, degree adverbs, numbers and one-character
 * Chinese words dropped), weighted by term frequency × idf from the model's word table (rare words count
 * more; unknown words get a high default idf); words the table tags as adverbs, pronouns, etc. are left out.
 */
export function topKeywords(clauseTokens: readonly string[][], k: number): string[] {
  const idf = getModel().idf;
  const tf = new Map<string, number>();
  for (const tokens of clauseTokens) {
    for (const t of tokens) {
      if (!isKeywordCandidate(t)) continue;
      tf.set(t, (tf.get(t) ?? 0) + 1);
    }
  }
  const scored: Array<[string, number]> = [];
  for (const [w, n] of tf) {
    const entry = idf.get(w);
    if (entry && !KEEP_TAG.test(entry[1])) continue;
    scored.push([w, n * (entry ? entry[0] : DEFAULT_IDF)]);
  }
  scored.sort((a, b) => b[1] - a[1] || b[0].length - a[0].length);
  return scored.slice(0, k).map(([w]) => w);
}

function isKeywordCandidate(t: string): boolean {
  if (STOPWORDS.has(t) || ZH_NEGATION.has(t) || ZH_DEGREE.has(t)) return false;
  const c = t.charCodeAt(0);
  if (c >= 0x3400 && c <= 0x9fff) return t.length >= 2;
  if (c >= 97 && c <= 122) return t.length >= 3 && /^[a-z'-]+$/.test(t);
  return false;
}
