import { splitClauses } from './clauses.ts';
import { ZH_DEGREE, ZH_NEGATION } from './lexicon.ts';
import { normalize } from './normalize.ts';
import { getJieba, isWordToken } from './segment.ts';
import { labelOf, type SentimentLabel, zhLexicon } from './sentiment.ts';

export interface OpinionPair {
  /** The thing talked about: a noun (phrase), e.g. 味道, 送餐速度, 服务员态度. */
  aspect: string;
  /** What was said about it, with its negator/degree words: 一般, 太慢, 不太新鲜. */
  opinion: string;
  polarity: SentimentLabel;
}

const NOUN = /^(n|vn|nz|ng)/;
const OPINION = /^(a|ad|an|v|i|l)/;
const MAX_GAP = 4;

/**
 * Aspect–opinion pairs for topic discovery (味道-一般, 速度-太慢): in each clause, a run of nouns (or
 * unknown Han words such as 送餐) followed within a few words by an adjective or verb phrase; negators
 * and degree words in between belong to the opinion. Polarity comes from the lexicon rules.
 */
export function extractOpinionPairs(text: string): OpinionPair[] {
  const norm = normalize(text.length > 20_000 ? text.slice(0, 20_000) : text);
  const out: OpinionPair[] = [];
  for (const clause of splitClauses(norm)) {
    const tagged = getJieba()
      .tag(norm.slice(clause.start, clause.end), true)
      .filter((t) => isWordToken(t.word));
    for (let i = 0; i < tagged.length; i++) {
      if (!isNounish(tagged[i])) continue;
      let j = i;
      while (j + 1 < tagged.length && isNounish(tagged[j + 1]) && j - i < 2) j++;
      const aspect = tagged
        .slice(i, j + 1)
        .map((t) => t.word)
        .join('');
      const words: string[] = [];
      for (let k = j + 1; k < tagged.length && k <= j + MAX_GAP; k++) {
        const t = tagged[k];
        if (ZH_NEGATION.has(t.word) || ZH_DEGREE.has(t.word) || t.tag === 'd' || t.tag === 'uj' || t.tag === 'ul') {
          words.push(t.word);
          continue;
        }
        if (OPINION.test(t.tag) && !isNounish(t)) {
          words.push(t.word);
          const opinionWords = trimParticles(words);
          const score = zhLexicon(opinionWords).raw;
          out.push({ aspect, opinion: opinionWords.join(''), polarity: labelOf(Math.tanh(score), 0.15).label });
        }
        break;
      }
      i = j;
    }
  }
  return out;
}

function isNounish(t: { word: string; tag: string }): boolean {
  return NOUN.test(t.tag) || (t.tag === 'x' && t.word.length >= 2 && t.word.charCodeAt(0) >= 0x3400);
}

function trimParticles(words: string[]): string[] {
  const out = [...words];
  while (out.length && /^(的|了|得)$/.test(out[0])) out.shift();
  return out;
}
