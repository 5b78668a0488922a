import type { PreparedClause } from './analyzer.ts';
import type { SentimentModel } from './model.ts';
import { aggregate, type ClauseSentiment, clauseScore, modelLogit } from './sentiment.ts';

/** Sentiment evidence of each clause under `model` (pre-tanh score; `opinion` false for clauses that hold none). */
export function scoreClauses(
  model: SentimentModel,
  clauses: readonly PreparedClause[],
  fallback = false,
): ClauseSentiment[] {
  const out: ClauseSentiment[] = new Array(clauses.length);
  for (let i = 0; i < clauses.length; i++) {
    const c = clauses[i];
    const lang = c.zh ? 'zh' : 'en';
    const lm = model[lang];
    if (fallback && model.calibration[lang].fallbackLogit === undefined) {
      out[i] = NONE;
      continue;
    }
    const logit = lm ? modelLogit(lm, c.modelTokens) : 0;
    out[i] = clauseScore(model.calibration, lang, c.lexRaw, c.lexHits, logit, lm !== undefined, fallback);
  }
  return out;
}

const NONE: ClauseSentiment = { score: 0, opinion: false };

/**
 * Text (or topic) score over a set of clause indexes (undefined = all clauses): contrast-weighted evidence of
 * the opinion clauses, aggregated as the calibration says.
 */
export function scoreOf(
  model: SentimentModel,
  weights: readonly number[],
  scores: readonly ClauseSentiment[],
  which?: Iterable<number>,
): number {
  let num = 0;
  let den = 0;
  const add = (i: number) => {
    if (!scores[i].opinion) return;
    num += weights[i] * scores[i].score;
    den += weights[i];
  };
  if (which) for (const i of which) add(i);
  else for (let i = 0; i < scores.length; i++) add(i);
  return aggregate(model.calibration, num, den);
}

/**
 * The whole text's score: `scoreOf` over all clauses; when none of them counts, over the clauses the model is
 * `fallbackLogit` sure about (a language without one, Chinese, keeps 0). English reviews praise and complain by
 * description ("the bartender rocks", "we waited an hour for two burgers"): the small English model reads those
 * with little confidence, and under the shared gate a third of the wrong restaurant sentences scored exactly 0.
 * Topics keep the gate: a neutral mention of a dish in a polar sentence stays neutral.
 */
export function textScore(
  model: SentimentModel,
  clauses: readonly PreparedClause[],
  weights: readonly number[],
  scores: readonly ClauseSentiment[],
): number {
  if (scores.some((s) => s.opinion)) return scoreOf(model, weights, scores);
  return scoreOf(model, weights, scoreClauses(model, clauses, true));
}
