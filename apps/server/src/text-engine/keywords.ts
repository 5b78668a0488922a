import { STOPWORDS, ZH_DEGREE, ZH_NEGATION } from './lexicon.ts';
import { getModel } from './model.ts';

/** Parts of speech worth reporting: nouns, adjectives, verbal nouns, idioms, English words. */
const KEEP_TAG = /^(n|a|vn|an|i|l|eng|j|nz|v)/;
const DEFAULT_IDF = 8;

/**
 * TF-IDF-ish keywords: content words (stopwords, negators, degree adverbs, numbers and one-character
 * Chinese words dropped), weighted by term frequency × idf from the model's word table (rare words count
 * more; unknown words get a high default idf); words the table tags as adverbs, pronouns, etc. are left out.
 * Ties go to the longer word, then to the earlier one.
 */
export function topKeywords(
  clauseTokens: readonly (readonly (string | { keyword: KeywordRecord })[])[],
  k: number,
): string[] {
  // One lookup per token (none for interned words): the record holds the weight and, stamped per call, the count.
  const generation = ++calls;
  const found: KeywordRecord[] = [];
  for (const tokens of clauseTokens) {
    for (const t of tokens) {
      const r = typeof t === 'string' ? keywordRecord(t) : t.keyword;
      if (r.weight < 0) continue;
      if (r.generation !== generation) {
        r.generation = generation;
        r.count = 0;
        found.push(r);
      }
      r.count++;
    }
  }
  // Top k by insertion into a short sorted list (k is small), stable like a full sort.
  const top: Array<[string, number]> = [];
  for (const r of found) {
    const score = r.count * r.weight;
    let at = top.length;
    while (at > 0 && (score > top[at - 1][1] || (score === top[at - 1][1] && r.word.length > top[at - 1][0].length)))
      at--;
    if (at >= k) continue;
    top.splice(at, 0, [r.word, score]);
    if (top.length > k) top.pop();
  }
  return top.map(([w]) => w);
}

export interface KeywordRecord {
  word: string;
  /** idf weight, −1 for words never reported. */
  weight: number;
  generation: number;
  count: number;
}
let records = new Map<string, KeywordRecord>();
let recordsFor: unknown;
let calls = 0;

/** A word's keyword record (memoised per word and model). */
export function keywordRecord(t: string): KeywordRecord {
  const idf = getModel().idf;
  if (recordsFor !== idf || records.size > 100_000) {
    records = new Map();
    recordsFor = idf;
  }
  let r = records.get(t);
  if (r === undefined) {
    const entry = idf.get(t);
    const weight = !isKeywordCandidate(t) || (entry && !KEEP_TAG.test(entry[1])) ? -1 : entry ? entry[0] : DEFAULT_IDF;
    r = { word: t, weight, generation: 0, count: 0 };
    records.set(t, r);
  }
  return r;
}

function isKeywordCandidate(t: string): boolean {
  if (STOPWORDS.has(t) || ZH_NEGATION.has(t) || ZH_DEGREE.has(t)) return false;
  const c = t.charCodeAt(0);
  if (c >= 0x3400 && c <= 0x9fff) return t.length >= 2;
  if (c >= 97 && c <= 122) return t.length >= 3 && /^[a-z'-]+$/.test(t);
  return false;
}
