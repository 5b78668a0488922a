/**
 * Model features, shared by the training script and the analyzer so both see exactly the same thing:
 * jieba word unigrams and bigrams of adjacent words (bigrams never cross punctuation), de-duplicated per
 * clause. Negation marking: the (up to three) words after a negator (不/没有/别…, not/never/n't…) are unigram
 * features of their own, `!满意`, so 满意 and 没有…满意 get separate weights (Das & Chen's trick; the
 * bigrams keep the plain words); a second negator in the scope cancels it (没有不满意).
 *
 * `walkFeatures` is the one definition: `featuresOf` (training, model file keys) and the analyzer's compiled
 * model (`linearLogit` in model.ts, no string building on the hot path) both walk with it, over the same
 * `FeatureToken`s (the analyzer's interned words, vocab.ts, or `featureToken` of a plain string).
 */
import { EN_NEGATION, ZH_NEGATION } from './lexicon.ts';
import { isWordToken } from './segment.ts';

/** Joins a bigram's words in feature keys (no word token contains a space). */
export const BIGRAM_JOIN = ' ';
/** Prefix of a negated unigram's key (no word token starts with it). */
export const NEGATED = '!';
const NEGATION_SCOPE = 3;
const MAX_WORD = 24;

/** What the feature walk needs to know about a token. */
export interface FeatureToken {
  /** The word as a feature (truncated to 24 characters). */
  readonly key: string;
  /** Holds a letter, digit or Han character. */
  readonly isWord: boolean;
  /** Not a word and not a single space: ends bigrams and negation scope (punctuation, line breaks). */
  readonly separator: boolean;
  readonly negator: boolean;
}

/** The FeatureToken of a plain token string. */
export function featureToken(raw: string): FeatureToken {
  const isWord = isWordToken(raw);
  const key = raw.length > MAX_WORD ? raw.slice(0, MAX_WORD) : raw;
  return {
    key,
    isWord,
    separator: !isWord && (raw.length > 1 || raw.trim() !== ''),
    negator: isWord && isNegator(key),
  };
}

/** A word that puts the next words under negation. */
export function isNegator(t: string): boolean {
  return ZH_NEGATION.has(t) || EN_NEGATION.has(t) || t.endsWith("n't");
}

/** Receives the features of a token run in order (duplicates included; consumers de-duplicate). */
export interface FeatureSink<T extends FeatureToken> {
  unigram(word: T, negated: boolean): void;
  /** `first` is always the word of the previous `unigram` call. */
  bigram(first: T, second: T): void;
}

/** Walks the features of a run of tokens (a clause's tokens; punctuation tokens separate bigrams). */
export function walkFeatures<T extends FeatureToken>(tokens: readonly T[], sink: FeatureSink<T>): void {
  let prev: T | null = null;
  let negated = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t.isWord) {
      if (t.separator) {
        prev = null;
        negated = 0;
      }
      continue;
    }
    if (t.negator) {
      sink.unigram(t, false);
      // A second negator inside the scope cancels the first (没有不满意 = satisfied), as in the lexicon rules.
      negated = negated > 0 ? 0 : NEGATION_SCOPE;
    } else if (negated > 0) {
      sink.unigram(t, true);
      negated--;
    } else sink.unigram(t, false);
    if (prev !== null) sink.bigram(prev, t);
    prev = t;
  }
}

class SetSink implements FeatureSink<FeatureToken> {
  constructor(readonly out: Set<string>) {}
  unigram(word: FeatureToken, negated: boolean) {
    this.out.add(negated ? NEGATED + word.key : word.key);
  }
  bigram(first: FeatureToken, second: FeatureToken) {
    this.out.add(first.key + BIGRAM_JOIN + second.key);
  }
}

/** The feature keys of a run of tokens, de-duplicated, in order of first occurrence. */
export function featuresOf(tokens: readonly (string | FeatureToken)[], out: Set<string> = new Set()): Set<string> {
  walkFeatures(
    tokens.map((t) => (typeof t === 'string' ? featureToken(t) : t)),
    new SetSink(out),
  );
  return out;
}

/** English word tokens (lower case already): letters, digits and apostrophes. */
export function englishTokens(text: string): string[] {
  return text.match(/[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9]/g) ?? [];
}
