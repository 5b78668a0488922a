import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { splitClauses } from '../clauses.ts';
import {
  DEFAULT_CALIBRATION,
  type IdfFile,
  parseModel,
  type SentimentModel,
  type SentimentModelFile,
} from '../model.ts';
import { getJieba } from '../segment.ts';
import { type AbsaSentence, absaPart, loadAbsa } from './absa.ts';
import { calibrate } from './calibrate.ts';
import { type CorpusStats, dedupKey, draw, type Example, loadCorpus, split } from './corpus.ts';
import { EN_NEUTRAL, enRestaurantExtra } from './en-extra.ts';
import { evaluate, evaluateAbsa, LEXICON_ONLY, parseLabelled, withModel } from './evaluate.ts';
import { byCodePoint, type FitOptions, fitLanguage, type PreparedExample, prepareExamples } from './fit.ts';
import { labelOfTarget } from './metrics.ts';
import { CHECK_SET, evaluateZh, zhExamples } from './zh-sets.ts';

/** Hyperparameters (chosen on the validation split while developing; see MODEL.md). */
export const HYPER = {
  seed: 20261123,
  testShare: 0.15,
  validationShare: 0.1,
  zh: { l2: 1e-4, minDf: 2 } as Omit<FitOptions, 'scale'>,
  en: { l2: 3e-4, minDf: 2 } as Omit<FitOptions, 'scale'>,
  /** Weights are stored as integers: round(w × scale). */
  scale: 500,
  /** Words kept in the keyword idf table (most frequent first). */
  idfWords: 20_000,
  /** Each text of the train parts of the project's Chinese sets (zh-sets.ts) counts as this many corpus texts. */
  zhSetWeight: 5,
  // The second writer's takeaway reviews and the factual statements (zh-sets.ts) weigh as much as the sets' own train parts.
  zhExtraWeight: 5,
  /** Each correction counts as this many corpus texts. */
  correctionWeight: 20,
  /** Weight of each hand-written English restaurant sentence (en-extra.ts), as a SemEval sentence's. */
  enExtraWeight: 1,
  /** Weight of a clause example cut from an English restaurant sentence around an annotated target (absa.ts). */
  clauseWeight: 1,
  neutralClauseWeight: 1,
  maxBytes: 3 * 1024 * 1024,
};

export interface TrainSentimentOptions {
  dataDir: string;
  /** Corrections (`parseCorrections`): always in the training part, overriding corpus copies of the same text. */
  corrections?: Example[];
  /** Keep only about this share of the corpus (tests: a fast, still deterministic run). */
  sample?: number;
  /**
   * Leaves these English restaurant sentences (by their text) out of training and validation: cross-validation
   * of the English model over the split's train and dev parts (`scripts/cv-english.ts`).
   */
  leaveOut?: (text: string) => boolean;
  /** The held-out, baseline, cross-domain and restaurant-check evaluations (minutes); off for quick runs. */
  evaluate?: boolean;
  log?: (line: string) => void;
}

export interface TrainResult {
  file: SentimentModelFile;
  gz: Buffer;
  model: SentimentModel;
}

/**
 * The whole training run: corpus → de-duplication → seeded split → analyzer preparation → per-language
 * logistic regression → pruning/quantisation → calibration on validation → evaluation on the held-out split →
 * the model file. A pure function of the data, the corrections and HYPER: same input, byte-identical output.
 */
export function trainSentimentModel(opts: TrainSentimentOptions): TrainResult {
  // Training never reads the shipped model (it may be stale or being replaced): the rules alone while preparing.
  return withModel(LEXICON_ONLY, () => train(opts));
}

function train(opts: TrainSentimentOptions): TrainResult {
  const log = opts.log ?? (() => {});
  const started = Date.now();
  let { examples, stats } = loadCorpus(opts.dataDir);
  if (opts.sample !== undefined) examples = examples.filter((e) => draw(e.text, HYPER.seed + 1) < opts.sample!);
  const corrections = latestCorrections(opts.corrections ?? []);
  const corrected = new Set(corrections.map((c) => c.text));
  examples = examples.filter((e) => !corrected.has(e.text));
  const parts = split(examples, HYPER.seed, HYPER.testShare, HYPER.validationShare);
  // English restaurant sentences (SemEval train files): their own split (absa.ts) decides — train part to
  // training, dev part to validation, the test part is never seen here (it is evaluated separately).
  const absa = restaurantSentences(
    opts.dataDir,
    new Set(examples.map((e) => e.text)),
    corrected,
    opts.sample,
    opts.leaveOut,
  );
  parts.train.push(...absa.train);
  parts.validation.push(...absa.dev);
  // Hand-written English restaurant sentences (en-extra.ts): training only, minus lines near any held-out text
  // (the restaurant check's comments included).
  const enHeld = [
    ...absa.heldOut,
    ...[...parts.validation, ...parts.test].filter((e) => e.lang === 'en').map((e) => e.text),
    ...parseLabelled(readFileSync(CHECK_SET, 'utf8'), CHECK_SET).map((t) => t.text),
  ];
  const enExtra = enRestaurantExtra(enHeld, HYPER.enExtraWeight);
  const enNeutral = enRestaurantExtra(enHeld, HYPER.enExtraWeight, EN_NEUTRAL);
  const enExtraTrain = [...enExtra.examples, ...enNeutral.examples].filter(
    (e) => !corrected.has(e.text) && (opts.sample === undefined || draw(e.text, HYPER.seed + 1) < opts.sample),
  );
  parts.train.push(...enExtraTrain);
  log(
    `english extra: ${enExtra.lines} + ${enNeutral.lines} neutral lines, ${enExtra.dropped.length} + ${enNeutral.dropped.length} dropped near a held-out text, ${enExtraTrain.length} train`,
  );
  // The project's Chinese sets (zh-sets.ts): train parts to training (each text weighing HYPER.zhSetWeight corpus
  // texts), dev parts to validation; their test parts are never seen here.
  const seen = new Set([...examples.map((e) => e.text), ...corrected]);
  const zhSet = (part: 'train' | 'dev', weight: number) =>
    zhExamples(part, weight, HYPER.zhExtraWeight).filter(
      (e) => !seen.has(e.text) && (opts.sample === undefined || draw(e.text, HYPER.seed + 1) < opts.sample),
    );
  parts.train.push(...zhSet('train', HYPER.zhSetWeight));
  parts.validation.push(...zhSet('dev', 1));
  const train = [...parts.train, ...corrections];
  log(
    `corpus: ${Object.values(stats.rows).reduce((a, b) => a + b, 0)} rows, ${stats.duplicates} duplicates and ${stats.conflicting} conflicting texts removed → ${stats.unique} unique; split train ${parts.train.length} (+${corrections.length} corrections) / validation ${parts.validation.length} / test ${parts.test.length}`,
  );

  const prepared = { train: prepareExamples(train), validation: prepareExamples(parts.validation) };
  log(`prepared in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const fitted = fitBoth(prepared.train, HYPER.scale);
  log(`fitted: zh ${JSON.stringify(fitted.zh.stats)}; en ${JSON.stringify(fitted.en.stats)}`);
  const draft = parseModel(
    { version: 'draft', scale: HYPER.scale, zh: fitted.zh.part, en: fitted.en.part, calibration: DEFAULT_CALIBRATION },
    0,
  );
  const search = calibrate(draft, prepared.validation);
  log(
    `calibration: ${JSON.stringify(search.calibration)}; validation ${JSON.stringify(search.validation)}; probes ${JSON.stringify(search.probes)}`,
  );
  if (search.probes.failing.length) log(`WARNING: rule probes failing: ${search.probes.failing.join('; ')}`);

  const file: SentimentModelFile = {
    version: '',
    scale: HYPER.scale,
    calibration: search.calibration,
    zh: fitted.zh.part,
    en: fitted.en.part,
    // Keyword idf over whole texts: the restaurant clause examples repeat parts of their sentences.
    idf: idfTable(
      prepared.train.filter((d) => d.ex.source !== CLAUSE_SOURCE),
      HYPER.idfWords,
    ),
  };
  file.version = `sentiment-${createHash('sha256').update(JSON.stringify(file)).digest('hex').slice(0, 12)}`;
  const model = parseModel(file, 0);
  file.training = {
    command: 'npm run train:sentiment',
    data: '../shared/data/text (see MODEL.md)',
    hyper: HYPER,
    corpus: stats satisfies CorpusStats,
    split: splitSizes(parts, corrections.length),
    corrections: corrections.length,
    validation: search.validation,
    probes: search.probes,
  };
  if (opts.evaluate)
    file.eval = {
      ...fullEvaluation(model, parts, prepared.validation, log),
      ...absaEvaluation(model, absa.test, log),
      ...zhEvaluation(model, log),
    };

  const gz = gzipSync(Buffer.from(JSON.stringify(file)), { level: 9 });
  if (gz.length > HYPER.maxBytes)
    throw new Error(`model file ${gz.length} B exceeds ${HYPER.maxBytes} B: raise minDf or set maxFeatures`);
  model.sizeBytes = gz.length;
  log(`model ${file.version}: ${gz.length} bytes gzipped, ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
  return { file, gz, model };
}

/**
 * The polar sentences of the English aspect split as training examples (1 positive, 0 negative), by part; texts
 * already in the review corpora or corrected are left to those.
 */
function restaurantSentences(
  dir: string,
  taken: Set<string>,
  corrected: Set<string>,
  sample?: number,
  leaveOut?: (text: string) => boolean,
) {
  const out: Record<'train' | 'dev' | 'test', Example[]> & { testSentences: AbsaSentence[]; heldOut: string[] } = {
    train: [],
    dev: [],
    test: [],
    testSentences: [],
    heldOut: [],
  };
  for (const s of loadAbsa(dir)) {
    const part = absaPart(s);
    if (part !== 'train') out.heldOut.push(s.text);
    if (sample !== undefined && draw(s.text, HYPER.seed + 1) >= sample) continue;
    if (part === 'test') {
      out.testSentences.push(s);
      continue;
    }
    if (taken.has(s.text) || corrected.has(s.text) || leaveOut?.(s.text)) continue;
    if (part === 'train') out.train.push(...clauseExamples(s));
    if (!s.polarity) continue;
    const ex: Example = {
      text: s.text,
      label: s.polarity === 'positive' ? 1 : 0,
      lang: 'en',
      source: 'semeval',
      weight: 1,
    };
    out[part].push(ex);
  }
  return { train: out.train, dev: out.dev, test: out.testSentences, heldOut: out.heldOut };
}

const CLAUSE_SOURCE = 'semeval-clause';

/**
 * Clause-level examples of a restaurant sentence from its annotated targets (SemEval opinion targets and aspect
 * terms with their own polarity): the clause that holds a target, labelled with the polarity of the targets in
 * it when they agree — positive 1, negative 0, neutral ½ (a soft target that pulls the evidence of factual
 * mentions such as "I ordered the pad thai" towards 0). Only what the sentence example does not already say:
 * clauses of sentences without one polarity (mixed or all neutral) and neutral clauses.
 */
export function clauseExamples(s: AbsaSentence): Example[] {
  const targets = s.targetPolarities ?? [];
  if (targets.length === 0) return [];
  const clauses = splitClauses(s.text);
  const labels = new Map<number, Set<Example['label']>>();
  for (const t of targets) {
    if (t.polarity === 'conflict') continue;
    const at = s.text.indexOf(dedupKey(t.term));
    if (at < 0) continue;
    const ci = clauses.findIndex((c) => c.start <= at && at < c.end);
    if (ci < 0) continue;
    const set = labels.get(ci) ?? new Set<Example['label']>();
    set.add(t.polarity === 'positive' ? 1 : t.polarity === 'negative' ? 0 : 0.5);
    labels.set(ci, set);
  }
  const out: Example[] = [];
  for (const [ci, set] of [...labels].sort((a, b) => a[0] - b[0])) {
    if (set.size !== 1) continue;
    const label = [...set][0];
    if (s.polarity && label !== 0.5) continue;
    const text = s.text.slice(clauses[ci].start, clauses[ci].end).trim();
    if (!text) continue;
    const weight = label === 0.5 ? HYPER.neutralClauseWeight : HYPER.clauseWeight;
    out.push({ text, label, lang: 'en', source: CLAUSE_SOURCE, weight });
  }
  return out;
}

/** The English aspect split's test part: sentence polarity, aspect detection and per-aspect polarity. */
function absaEvaluation(model: SentimentModel, test: AbsaSentence[], log: (l: string) => void) {
  const r = evaluateAbsa(model, test);
  log(
    `english restaurant test (${test.length} sentences): sentence ${brief(r.sentence)}; aspect F1 ${r.detection.micro.f1} (P ${r.detection.micro.precision} R ${r.detection.micro.recall}); aspect polarity macroF1 ${r.aspectPolarity.macroF1} over ${r.aspectPolarity.n}`,
  );
  return { englishRestaurant: r };
}

/** The test parts of the project's Chinese sets (MODEL.md "Chinese goals"). */
function zhEvaluation(model: SentimentModel, log: (l: string) => void) {
  const r = evaluateZh(model, 'test');
  log(
    `chinese sets, test part: takeaway ${brief(r.takeaway)}; weibo ${brief(r.weibo)}; aspects F1 ${r.aspects.detection.micro.f1} (P ${r.aspects.detection.micro.precision} R ${r.aspects.detection.micro.recall}), aspect polarity macroF1 ${r.aspects.aspectPolarity.macroF1} over ${r.aspects.aspectPolarity.n}`,
  );
  return { chinese: r };
}

/** The last correction of each text wins (a person may have changed their mind). */
function latestCorrections(list: readonly Example[]): Example[] {
  const byText = new Map<string, Example>();
  for (const c of list) {
    const key = dedupKey(c.text);
    if (!key) continue;
    byText.delete(key);
    byText.set(key, { ...c, text: key });
  }
  return [...byText.values()];
}

function fitBoth(train: readonly PreparedExample[], scale: number) {
  const zh = fitLanguage('zh', train, { ...HYPER.zh, scale });
  const en = fitLanguage('en', train, { ...HYPER.en, scale });
  return {
    zh: {
      part: { bias: 0, lexicon: zh.lexicon, features: zh.features.join('\n'), weights: zh.weights },
      stats: zh.stats,
    },
    en: {
      part: { bias: 0, lexicon: en.lexicon, features: en.features.join('\n'), weights: en.weights },
      stats: en.stats,
    },
  };
}

function splitSizes(parts: ReturnType<typeof split>, corrections: number) {
  const count = (xs: Example[], lang: string, hotel?: boolean) =>
    xs.filter((x) => x.lang === lang && (hotel === undefined || (x.source === 'hotel') === hotel)).length;
  const out: Record<string, Record<string, number>> = {};
  for (const [name, xs] of Object.entries(parts)) {
    out[name] = { zh: count(xs, 'zh'), zhHotel: count(xs, 'zh', true), en: count(xs, 'en') };
  }
  out.train.corrections = corrections;
  return out;
}

/** Inverse document frequency and jieba tag of the most frequent words of the training texts (keywords.ts). */
function idfTable(docs: readonly PreparedExample[], size: number): IdfFile {
  const df = new Map<string, number>();
  for (const d of docs) {
    const seen = new Set<string>();
    for (const c of d.clauses) for (const t of c.tokens) if (t.text.trim()) seen.add(t.text);
    for (const t of seen) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const words = [...df.entries()]
    .filter(([w, n]) => n >= 3 && /[a-z\u3400-\u9fff]/.test(w))
    .sort((a, b) => b[1] - a[1] || byCodePoint(a[0], b[0]))
    .slice(0, size)
    .sort((a, b) => byCodePoint(a[0], b[0]));
  const jieba = getJieba();
  const out: IdfFile = { words: words.map(([w]) => w).join('\n'), idf: [], tags: '' };
  const tags: string[] = [];
  for (const [w, n] of words) {
    const tagged = jieba.tag(w, false);
    out.idf.push(Math.round(Math.log(docs.length / n) * 100) / 100);
    tags.push(tagged.length === 1 ? tagged[0].tag : 'x');
  }
  out.tags = tags.join(' ');
  return out;
}

/** Held-out figures of the final model and of the baselines, cross-domain and restaurant-check. */
function fullEvaluation(
  model: SentimentModel,
  parts: ReturnType<typeof split>,
  validation: PreparedExample[],
  log: (l: string) => void,
) {
  const labelled = (xs: readonly Example[]) => xs.map((x) => ({ text: x.text, label: labelOfTarget(x.label) }));
  const test = {
    zh: labelled(parts.test.filter((x) => x.lang === 'zh')),
    en: labelled(parts.test.filter((x) => x.lang === 'en')),
  };
  const heldOut = { zh: evaluate(model, test.zh), en: evaluate(model, test.en) };
  const lexiconOnly = { zh: evaluate(LEXICON_ONLY, test.zh), en: evaluate(LEXICON_ONLY, test.en) };
  // Ablations: the words alone (no lexicon input), and forced two-class (no opinion threshold, no neutral band).
  const words = { modelWeight: 0.5, lexiconWeight: 0 };
  const wordsOnly = { ...model, calibration: { ...model.calibration, zh: words, en: words } };
  const twoClass = { ...model, calibration: { ...model.calibration, opinionLogit: 0, neutralBand: 0 } };
  const ablation = {
    zhWordsOnly: evaluate(wordsOnly, test.zh),
    enWordsOnly: evaluate(wordsOnly, test.en),
    zhTwoClass: evaluate(twoClass, test.zh),
    enTwoClass: evaluate(twoClass, test.en),
  };
  log(
    `held-out: zh ${brief(heldOut.zh)}, en ${brief(heldOut.en)}; lexicon only: zh ${brief(lexiconOnly.zh)}, en ${brief(lexiconOnly.en)}`,
  );
  log(
    `ablation: ${Object.entries(ablation)
      .map(([k, v]) => `${k} ${brief(v)}`)
      .join('; ')}`,
  );

  // Cross-domain: train and calibrate without any hotel review, test on every hotel review.
  const noHotel = (xs: readonly PreparedExample[]) =>
    xs.filter((x) => x.ex.source !== 'hotel' && x.ex.source !== 'correction');
  const trainNoHotel = prepareExamples(parts.train.filter((x) => x.source !== 'hotel'));
  const fitted = fitBoth(noHotel(trainNoHotel), HYPER.scale);
  const draft = parseModel(
    {
      version: 'cross-domain',
      scale: HYPER.scale,
      zh: fitted.zh.part,
      en: fitted.en.part,
      calibration: DEFAULT_CALIBRATION,
    },
    0,
  );
  const crossSearch = calibrate(draft, noHotel(validation));
  const cross = { ...draft, calibration: crossSearch.calibration };
  const hotel = labelled([...parts.train, ...parts.validation, ...parts.test].filter((x) => x.source === 'hotel'));
  const crossDomain = {
    trainedOn: 'online_shopping_10_cats without 酒店',
    testedOn: 'all hotel reviews',
    model: evaluate(cross, hotel),
    lexiconOnly: evaluate(LEXICON_ONLY, hotel),
    calibration: crossSearch.calibration,
    probes: crossSearch.probes,
  };
  log(
    `cross-domain (no hotel → hotel): ${brief(crossDomain.model)}; lexicon only ${brief(crossDomain.lexiconOnly)}; calibration ${JSON.stringify(crossSearch.calibration)}; probes ${JSON.stringify(crossSearch.probes)}`,
  );

  const check = parseLabelled(readFileSync(CHECK_SET, 'utf8'), CHECK_SET);
  const restaurantCheck = { model: evaluate(model, check), lexiconOnly: evaluate(LEXICON_ONLY, check) };
  log(
    `restaurant check (3-class, ${check.length}): ${brief(restaurantCheck.model)}; lexicon only ${brief(restaurantCheck.lexiconOnly)}`,
  );
  return { heldOut, lexiconOnly, ablation, crossDomain, restaurantCheck };
}

function brief(s: { n: number; accuracy: number; macroF1: number; neutralShare: number; polarityAccuracy: number }) {
  return `n=${s.n} acc=${s.accuracy} macroF1=${s.macroF1} neutral=${s.neutralShare} polarity=${s.polarityAccuracy}`;
}
