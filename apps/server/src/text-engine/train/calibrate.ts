import { contrastWeights } from '../clauses.ts';
import type { Calibration, SentimentModel } from '../model.ts';
import type { SentimentLabel } from '../sentiment.ts';
import { aggregate, clauseScore, labelOf, modelLogit } from '../sentiment.ts';
import { type PreparedExample, prepareExamples } from './fit.ts';
import { labelOfTarget } from './metrics.ts';

/**
 * Calibration search on the validation split. Every candidate is scored with the analyzer's own functions
 * (clauseScore, contrastWeights, aggregate, labelOf) over cached per-clause logits, so what is tuned is what runs.
 *
 * 1. Polarity: contrast weights (shared) and, per language, the lexicon's weight: the weight training learned
 *    for it plus an extra share (the model weight is fixed at ½ so that, with lengthPower 0, a text's score is
 *    2·P(positive) − 1 of the logistic model; for English the lexicon alone — VADER — is a candidate too).
 *    Maximises validation accuracy. The
 *    contrast grid starts at later = 1.25: the contrast rule is a product requirement (per-topic sentiment of
 *    "味道不错，但是送餐太慢了"), which the review corpora neither test nor reward.
 * Both stages keep only calibrations under which the RULE_PROBES hold (the rules' promised behaviours).
 * 2. Neutral: the polar corpora have no neutral class, so neutral gets a budget: at most `neutralBudget` of
 *    validation accuracy may go to texts called neutral. opinionLogit (how sure the model must be about a clause
 *    without any opinion word for it to count) takes the largest value within the budget first — factual
 *    clauses ("今天中午十二点下的单") are the neutral that matters in customer comments — then neutralBand the
 *    largest within what is left (a clause with opinion words keeps its sign unless the evidence is very weak);
 *    last, English's fallback gate for texts none of whose clauses counts (`englishFallback`), which leaves every
 *    Chinese label as it was.
 */
export interface CalibrationSearch {
  calibration: Calibration;
  /** Validation accuracy after each stage, per language. */
  validation: Record<string, { polarity: number; final: number; n: number }>;
  /** Rule probes still failing (should be none), and the polarity accuracy with and without the probes. */
  probes: { failing: string[]; unconstrainedPolarity: number; constrainedPolarity: number };
}

interface CachedDoc {
  y: number;
  lang: 'zh' | 'en';
  zh: boolean[];
  lexRaw: number[];
  lexHits: number[];
  logit: number[];
  hasModel: boolean[];
  weights: Map<string, number[]>;
  clauses: PreparedExample['clauses'];
}

const LATER = [1.25, 1.5, 2];
const EARLIER = [0.75, 0.5];
/** Extra lexicon weight on top of the learned one (×½ like the model). */
const EXTRA = { zh: [0, 0.1, 0.25, 0.5, 1, 1.5], en: [0, 0.25, 0.5, 1, 2, 4] };
const OPINION_LOGIT = [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3];
const BAND = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5];

function cache(model: SentimentModel, docs: readonly PreparedExample[]): CachedDoc[] {
  return docs.map((d) => {
    const cl = d.clauses;
    return {
      y: d.ex.label,
      lang: d.ex.lang,
      zh: cl.map((c) => c.zh),
      lexRaw: cl.map((c) => c.lexRaw),
      lexHits: cl.map((c) => c.lexHits),
      logit: cl.map((c) => modelLogit(c.zh ? model.zh : model.en, c.modelTokens)),
      hasModel: cl.map((c) => (c.zh ? model.zh : model.en) !== undefined),
      weights: new Map(),
      clauses: cl,
    };
  });
}

/** The label the analyzer would give `d` under `cal` (the analyzer's own aggregation). */
function labelUnder(d: CachedDoc, cal: Calibration): SentimentLabel {
  const key = `${cal.contrast.later}/${cal.contrast.earlier}`;
  let w = d.weights.get(key);
  if (!w) {
    w = contrastWeights(d.clauses, cal.contrast);
    d.weights.set(key, w);
  }
  let num = 0;
  let den = 0;
  // As the analyzer's textScore: when no clause counts, the fallback gates decide.
  for (const fallback of [false, true]) {
    for (let i = 0; i < d.logit.length; i++) {
      const s = clauseScore(cal, d.zh[i] ? 'zh' : 'en', d.lexRaw[i], d.lexHits[i], d.logit[i], d.hasModel[i], fallback);
      if (!s.opinion) continue;
      num += w[i] * s.score;
      den += w[i];
    }
    if (den > 0) break;
  }
  return labelOf(aggregate(cal, num, den), cal.neutralBand).label;
}

function accuracy(docs: readonly CachedDoc[], cal: Calibration): number {
  let correct = 0;
  for (const d of docs) if (labelUnder(d, cal) === labelOfTarget(d.y)) correct++;
  return docs.length ? correct / docs.length : 0;
}

/**
 * Behaviours the rules promise (issue 7: negation, double negation, degree, contrast, complaint words of the
 * service domain, factual text is neutral) that the polar review corpora neither test nor reward. The search
 * keeps only calibrations under which these hold; MODEL.md reports what that costs on validation.
 */
export const RULE_PROBES: ReadonlyArray<{ text: string; expect: SentimentLabel | 'not-negative' }> = [
  { text: '不好吃', expect: 'negative' },
  { text: '菜一点都不新鲜', expect: 'negative' },
  { text: '没有不满意的地方', expect: 'not-negative' },
  { text: '不错', expect: 'positive' },
  { text: '味道不错，但是送餐太慢了', expect: 'negative' },
  { text: '虽然有点贵，但是真的很好吃', expect: 'positive' },
  { text: '吃出了一根头发', expect: 'negative' },
  { text: '服务员很热情', expect: 'positive' },
  { text: '我点了一份宫保鸡丁和一碗米饭', expect: 'neutral' },
  { text: '今天中午十二点下的单', expect: 'neutral' },
  { text: 'The food was cold and the waiter was rude', expect: 'negative' },
  { text: 'The noodles were tasty', expect: 'positive' },
  // English statements of fact: the English fallback gate (englishFallback) may not make them polar.
  { text: 'I ordered the pad thai.', expect: 'neutral' },
  { text: 'Paid with the app', expect: 'neutral' },
];

type CachedProbe = CachedDoc & { text: string; expect: SentimentLabel | 'not-negative' };

function failing(probes: readonly CachedProbe[], cal: Calibration, polarOnly: boolean): string[] {
  const out: string[] = [];
  for (const p of probes) {
    if (polarOnly && p.expect === 'neutral') continue;
    const got = labelUnder(p, cal);
    const ok = p.expect === 'not-negative' ? got !== 'negative' : got === p.expect;
    if (!ok) out.push(`${p.text} → ${got}`);
  }
  return out;
}

/** Finds the calibration of `model` on the validation examples (polar labels only). */
export function calibrate(
  model: SentimentModel,
  validation: readonly PreparedExample[],
  neutralBudget = 0.05,
): CalibrationSearch {
  const docs = cache(
    model,
    validation.filter((d) => d.ex.label !== 0.5),
  );
  const probes: CachedProbe[] = cache(
    model,
    prepareExamples(RULE_PROBES.map((p) => ({ text: p.text, label: 1, lang: 'zh', source: 'probe', weight: 0 }))),
  ).map((d, i) => ({ ...d, ...RULE_PROBES[i] }));
  const byLang = { zh: docs.filter((d) => d.lang === 'zh'), en: docs.filter((d) => d.lang === 'en') };
  const base: Calibration = {
    ...model.calibration,
    zh: { modelWeight: 0.5, lexiconWeight: 0 },
    en: { modelWeight: 0.5, lexiconWeight: 0 },
    opinionLogit: 0,
    lengthPower: 0,
    neutralBand: 0,
  };
  // Stage 1: contrast (pooled) × lexicon weight per language (the languages' clauses barely interact), among
  // calibrations that keep the polar rule probes; unconstrained if none does (the failures are reported).
  const search = (constrained: boolean) => {
    let best = { acc: -1, cal: base };
    for (const later of LATER) {
      for (const earlier of EARLIER) {
        let cal: Calibration = { ...base, contrast: { later, earlier } };
        for (const lang of ['zh', 'en'] as const) {
          let langBest = { acc: -1, c: cal[lang] };
          const learned = model[lang]?.lexicon ?? 0;
          const candidates = EXTRA[lang].map((r) => ({ modelWeight: 0.5, lexiconWeight: round(0.5 * (learned + r)) }));
          if (lang === 'en') candidates.push({ modelWeight: 0, lexiconWeight: 0.5 });
          const mine = probes.filter((p) => /[\u3400-\u9fff]/.test(p.text) === (lang === 'zh'));
          for (const c of candidates) {
            const trial = { ...cal, [lang]: c };
            if (constrained && failing(mine, trial, true).length) continue;
            const acc = accuracy(byLang[lang], trial);
            if (acc > langBest.acc) langBest = { acc, c };
          }
          cal = { ...cal, [lang]: langBest.c };
        }
        if (constrained && failing(probes, cal, true).length) continue;
        const acc = accuracy(docs, cal);
        if (acc > best.acc) best = { acc, cal };
      }
    }
    return best;
  };
  const unconstrained = search(false);
  const constrained = search(true);
  const constrainable = constrained.acc >= 0;
  const best = constrainable ? constrained : unconstrained;
  const polarity = { zh: accuracy(byLang.zh, best.cal), en: accuracy(byLang.en, best.cal) };
  // Stage 2: neutral within the budget, polar probes kept (when they can be at all).
  let cal = best.cal;
  const admissible = (trial: Calibration) =>
    accuracy(docs, trial) >= best.acc - neutralBudget && (!constrainable || failing(probes, trial, true).length === 0);
  for (const opinionLogit of OPINION_LOGIT) if (admissible({ ...cal, opinionLogit })) cal = { ...cal, opinionLogit };
  for (const neutralBand of BAND) if (admissible({ ...cal, neutralBand })) cal = { ...cal, neutralBand };
  // Last, so that the shared gate and band (hence every Chinese label) are what they would be without it.
  const fallbackLogit = englishFallback(
    byLang.en,
    cal,
    (trial) => admissible(trial) && failing(probes, trial, false).length <= failing(probes, cal, false).length,
  );
  if (fallbackLogit !== undefined) cal = { ...cal, en: { ...cal.en, fallbackLogit } };
  const figures: CalibrationSearch['validation'] = {};
  for (const lang of ['zh', 'en'] as const) {
    figures[lang] = {
      polarity: round(polarity[lang]),
      final: round(accuracy(byLang[lang], cal)),
      n: byLang[lang].length,
    };
  }
  return {
    calibration: cal,
    validation: figures,
    probes: {
      failing: failing(probes, cal, false),
      unconstrainedPolarity: round(unconstrained.acc),
      constrainedPolarity: round(best.acc),
    },
  };
}

/**
 * English's fallback gate (`LanguageCalibration.fallbackLogit`): none, or a gate below the shared one, whichever
 * gives the best English validation accuracy among the admissible ones (which also fail no rule probe that held
 * without a fallback: the English statements of fact stay neutral); ties go to none, then the larger gate.
 * English reviews praise and complain by description, which the small English model reads with little
 * confidence: under the shared gate such a sentence scores 0 (43 of the 108 wrong restaurant test sentences).
 */
function englishFallback(
  docs: readonly CachedDoc[],
  cal: Calibration,
  admissible: (c: Calibration) => boolean,
): number | undefined {
  let best = { acc: accuracy(docs, cal), gate: undefined as number | undefined };
  for (const gate of [...OPINION_LOGIT].reverse()) {
    if (gate >= cal.opinionLogit) continue;
    const trial = { ...cal, en: { ...cal.en, fallbackLogit: gate } };
    if (!admissible(trial)) continue;
    const acc = accuracy(docs, trial);
    if (acc > best.acc) best = { acc, gate };
  }
  return best.gate;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
