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
 * `fallbackLogit` sure about (English only: the calibration has no Chinese gate, see below). English reviews praise
 * and complain by description ("the bartender rocks", "we waited an hour for two burgers"): the small English
 * model reads those with little confidence, and under the shared gate a third of the wrong restaurant sentences
 * scored exactly 0. When even that finds nothing, the text is neutral and its score is the model's lean
 * (`leanScore`). Topics keep the gate: a neutral mention of a dish in a polar sentence stays neutral.
 */
export function textScore(
  model: SentimentModel,
  clauses: readonly PreparedClause[],
  weights: readonly number[],
  scores: readonly ClauseSentiment[],
): number {
  if (scores.some((s) => s.opinion)) return scoreOf(model, weights, scores);
  const fallback = scoreClauses(model, clauses, true);
  if (fallback.some((s) => s.opinion)) return scoreOf(model, weights, fallback);
  return leanScore(model, clauses, weights);
}

/**
 * The score of a text none of whose clauses holds an opinion: the model's evidence over all its clauses,
 * squeezed inside the neutral band (band × tanh), so the label is neutral and the sign says which way the model
 * leans. A short complaint without an opinion word (慢死了！！！, 吃到了一个很大的沙子) and a plain report (这次点了两个菜一个汤)
 * look alike to the model at this confidence: a Chinese gate that made such texts polar gained 2.3 points of
 * validation accuracy but made 7 of the 38 neutral comments of the restaurant check polar (MODEL.md). With the
 * lean, filters by label keep them neutral and sorting by score still puts the likely complaints first. 0 when
 * the model knows no feature of the text or the band is 0.
 */
export function leanScore(
  model: SentimentModel,
  clauses: readonly PreparedClause[],
  weights: readonly number[],
): number {
  const band = model.calibration.neutralBand;
  if (band <= 0) return 0;
  let num = 0;
  let den = 0;
  for (let i = 0; i < clauses.length; i++) {
    const c = clauses[i];
    const lang = c.zh ? 'zh' : 'en';
    const logit = modelLogit(model[lang], c.modelTokens);
    if (logit === 0) continue;
    num += weights[i] * model.calibration[lang].modelWeight * logit;
    den += weights[i];
  }
  return band * aggregate(model.calibration, num, den);
}
