/**
 * Model features, shared by the training script and the analyzer so both see exactly the same thing:
 * jieba word unigrams and bigrams of adjacent words (bigrams never cross punctuation), de-duplicated per
 * text (binarised counts, which suit short reviews better than raw counts).
 */
import { isWordToken } from './segment.ts';

export const BIGRAM_JOIN = '_';

/** Features of a run of tokens (all tokens of a clause or text, punctuation included as separators). */
export function featuresOf(tokens: readonly string[], out: Set<string> = new Set()): Set<string> {
  let prev: string | null = null;
  for (const raw of tokens) {
    if (!isWordToken(raw)) {
      if (raw.trim() !== '' || raw.length > 1) prev = null;
      continue;
    }
    const t = raw.length > 24 ? raw.slice(0, 24) : raw;
    out.add(t);
    if (prev !== null) out.add(prev + BIGRAM_JOIN + t);
    prev = t;
  }
  return out;
}

/** English word tokens (lower case already): letters, digits and apostrophes. */
export function englishTokens(text: string): string[] {
  return text.match(/[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9]/g) ?? [];
}
