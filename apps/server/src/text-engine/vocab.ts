import { type FeatureToken, featureToken } from './features.ts';
import { type KeywordRecord, keywordRecord } from './keywords.ts';
import type { LinearModel, ModelToken, SentimentModel, WordFeatures } from './model.ts';
import { type LexWord, lexWord } from './sentiment.ts';

/**
 * A token as the analyzer uses it, interned: one map lookup per token gives what the feature walk, the model, the
 * lexicon rules and the keyword table know about it (each would otherwise look the string up in its own large
 * map — on the hot path those lookups cost more than jieba itself).
 */
export interface Word extends ModelToken {
  readonly text: string;
  readonly lex: LexWord;
  readonly keyword: KeywordRecord;
  modelFor?: LinearModel;
  modelEntry?: WordFeatures;
}

const MAX_WORDS = 200_000;
let words = new Map<string, Word>();
let wordsFor: SentimentModel | undefined;

/** The interned words for `model` (the keyword weights and model entries depend on it). */
export function vocabulary(model: SentimentModel): (text: string) => Word {
  if (wordsFor !== model || words.size > MAX_WORDS) {
    words = new Map();
    wordsFor = model;
  }
  return wordOf;
}

function wordOf(text: string): Word {
  let w = words.get(text);
  if (w === undefined) {
    const f: FeatureToken = featureToken(text);
    w = {
      key: f.key,
      isWord: f.isWord,
      separator: f.separator,
      negator: f.negator,
      number: f.number,
      text,
      lex: lexWord(text),
      keyword: keywordRecord(text),
      modelFor: undefined,
      modelEntry: undefined,
    };
    words.set(text, w);
  }
  return w;
}
