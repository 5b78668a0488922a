import vader from 'vader-sentiment';
import { EN_DOMAIN, EN_NEGATION } from './lexicon.ts';
import type { SentimentModel } from './model.ts';
import type { ClauseSentiment } from './sentiment.ts';
import type { Word } from './vocab.ts';

/**
 * Why a topic got its polarity, for the verbatim view: the clause(s) it was scored on (offsets into the original
 * text), the opinion cue(s) that drove the polarity, and which evidence decided. `lexicon`: the cues are opinion
 * words with the negation/degree words in front of them ("不太新鲜", "not good"); `model`: no lexicon word, the
 * model's words decided and the cues are its strongest words in the direction of the label; `none`: no clause
 * held an opinion (neutral).
 */
export interface TopicExplanation {
  clauses: Array<{ start: number; end: number; text: string }>;
  cues: string[];
  by: 'lexicon' | 'model' | 'none';
}

/** The clause fields explanation reads (PreparedClause in analyzer.ts). */
interface ExplainedClause {
  start: number;
  end: number;
  zh: boolean;
  tokens: readonly Word[];
  modelTokens: readonly Word[];
  lexHits: number;
}

const MAX_CUES = 3;
const enWordScore = new Map<string, number>();

/** VADER's valence of one English word (0 when not a sentiment word), memoised. */
function enValence(word: string): number {
  let v = enWordScore.get(word);
  if (v === undefined) {
    if (enWordScore.size > 20_000) enWordScore.clear();
    v = EN_DOMAIN.get(word) ?? vader.SentimentIntensityAnalyzer.polarity_scores(word).compound;
    enWordScore.set(word, v);
  }
  return v;
}

/** Chinese opinion words of a clause with the negators and degree words right before them (不 太 好 → 不太好). */
function zhCues(tokens: readonly Word[]): string[] {
  const out: string[] = [];
  let prefix = '';
  for (const t of tokens) {
    if (t.text.trim() === '') continue;
    if (t.lex.opinion) {
      out.push(prefix + t.text);
      prefix = '';
      continue;
    }
    if (t.lex.negator || t.lex.degree !== undefined) prefix += t.text;
    else prefix = '';
  }
  return out;
}

/** English sentiment words of a clause, with a negation within the three words before them ("not good"). */
function enCues(tokens: readonly Word[]): string[] {
  const out: string[] = [];
  let lastNeg = -10;
  let neg = '';
  tokens.forEach((t, i) => {
    const w = t.text;
    if (EN_NEGATION.has(w) || w.endsWith("n't")) {
      lastNeg = i;
      neg = w;
      return;
    }
    if (enValence(w) !== 0) out.push(i - lastNeg <= 3 ? `${neg} ${w}` : w);
  });
  return out;
}

/** The model's strongest unigram weights of the clause's words, in the direction of `sign`. */
function modelCues(model: SentimentModel, c: ExplainedClause, sign: number): Array<[string, number]> {
  const lm = c.zh ? model.zh : model.en;
  if (!lm || sign === 0) return [];
  const out: Array<[string, number]> = [];
  for (const t of c.modelTokens) {
    const id = lm.words.get(t.text)?.uni;
    if (id === undefined || id < 0) continue;
    const w = lm.w[id] * sign;
    if (w > 0) out.push([t.text, w]);
  }
  return out;
}

/**
 * The explanation of one topic scored on clauses `which` with the resulting score's sign. Cheap: it reads the
 * tokens already prepared for scoring, one or two clauses per topic.
 */
export function explainTopic(
  model: SentimentModel,
  original: string,
  clauses: readonly ExplainedClause[],
  scores: readonly ClauseSentiment[],
  which: Iterable<number>,
  sign: number,
): TopicExplanation {
  const used = [...which].sort((a, b) => a - b);
  const spans = used.map((i) => {
    const c = clauses[i];
    let start = c.start;
    let end = c.end;
    while (start < end && /\s/.test(original[start])) start++;
    while (end > start && /\s/.test(original[end - 1])) end--;
    return { start, end, text: original.slice(start, end) };
  });
  const opinion = used.filter((i) => scores[i]?.opinion);
  const lexicon = opinion.flatMap((i) =>
    clauses[i].lexHits > 0 ? (clauses[i].zh ? zhCues : enCues)(clauses[i].tokens) : [],
  );
  if (lexicon.length) return { clauses: spans, cues: [...new Set(lexicon)].slice(0, MAX_CUES), by: 'lexicon' };
  if (opinion.length === 0) return { clauses: spans, cues: [], by: 'none' };
  const words = opinion
    .flatMap((i) => modelCues(model, clauses[i], sign))
    .sort((a, b) => b[1] - a[1])
    .map(([w]) => w);
  return { clauses: spans, cues: [...new Set(words)].slice(0, MAX_CUES), by: 'model' };
}
