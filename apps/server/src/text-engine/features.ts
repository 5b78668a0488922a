/**
 * Model features, shared by the training script and the analyzer so both see exactly the same thing:
 * jieba word unigrams and bigrams of adjacent words (bigrams never cross punctuation), de-duplicated per
 * clause. Negation marking: the (up to three) words after a negator (不/没有/别…, not/never/n't…) are unigram
 * features of their own, `!满意`, so 满意 and 没有…满意 get separate weights (Das & Chen's trick; the
 * bigrams keep the plain words); a second negator in the scope cancels it (没有不满意).
 *
 * Complaint-by-fact cues (issue 24): a Chinese clause that holds a number of things or of time together with a
 * limiting adverb (才五片, 只有十来颗, 就半碗: `#限数`), with 都/还/又 (`#都数`) or with a span of time or a
 * waiting verb (等了两个小时, 送了一个半小时: `#等数`) gets one more feature per kind, emitted after its words. The model learns their weights — in reviews "only
 * five slices" is a complaint while "five slices" is not — instead of a hand rule; a number alone adds nothing.
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
  /** A count or a span of time (五片, 两个, 30): the complaint-by-fact cues look at clauses that hold one. */
  readonly number: boolean;
}

// A count or a span of time: digits or Chinese numerals, optionally with a measure word (五片, 两个, 一个半, 30).
const CUE_NUMBER =
  /^(?:[0-9]+(?:\.[0-9]+)?|[一二两三四五六七八九十百千半几俩仨]+)(?:个半|个|片|块|只|根|串|份|碗|杯|盒|斤|元|钱|分钟|小时|钟头|天|次|颗|条|粒|口|勺|张|半|多|来|几)?$/;
/**
 * The cue features, tested on the clause's words joined when one of them is a number (jieba may glue the adverb
 * to a neighbour: 面才|五片). `#` starts no word token, so the keys never meet a word's.
 */
const CUE_FEATURES: ReadonlyArray<[RegExp, string]> = [
  [/才|只|就|仅|居然|竟然|足足|整整|愣是|一共|总共|顶多|也就/, '#限数'],
  [/[都还又]/, '#都数'],
  [/小时|分钟|钟头|半天|等了|等到|用了|花了|超时/, '#等数'],
];
const CUE_TOKENS = new Map(
  CUE_FEATURES.map(([, key]) => [key, { key, isWord: true, separator: false, negator: false, number: false }]),
);

/** The FeatureToken of a plain token string. */
export function featureToken(raw: string): FeatureToken {
  const isWord = isWordToken(raw);
  const key = raw.length > MAX_WORD ? raw.slice(0, MAX_WORD) : raw;
  return {
    key,
    isWord,
    separator: !isWord && (raw.length > 1 || raw.trim() !== ''),
    negator: isWord && isNegator(key),
    number: isWord && key.length <= 6 && CUE_NUMBER.test(key),
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
  let number = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.number) number = true;
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
  if (number) cueFeatures(tokens, sink);
}

/**
 * The complaint-by-fact cues of a clause that holds a number. Last, so no bigram follows a cue (the model's sink
 * pairs each bigram with the unigram just before it); the pseudo-tokens are shared objects, on which the model
 * caches their entries as on words.
 */
function cueFeatures<T extends FeatureToken>(tokens: readonly T[], sink: FeatureSink<T>): void {
  let text = '';
  for (const t of tokens) if (t.isWord) text += t.key;
  for (const [re, key] of CUE_FEATURES) if (re.test(text)) sink.unigram(CUE_TOKENS.get(key) as T, false);
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
