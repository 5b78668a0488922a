import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { ContrastWeights } from './clauses.ts';
import { BIGRAM_JOIN, type FeatureSink, type FeatureToken, NEGATED, walkFeatures } from './features.ts';

/*
 * The shipped sentiment model (`model/sentiment.json.gz`, written by `npm run train:sentiment`, described in
 * MODEL.md): per language a logistic regression over features.ts features of a clause — logit = Σ weights of
 * the features present (no intercept); weights are stored as integers (× 1/scale) to keep the file small. `idf`
 * gives keyword weights and parts of speech for the commonest words. Loaded once, synchronously, on first use
 * (~0.15 s; the text module's init does it at boot).
 */

/** A word's features in one language's model: ids of its unigram and negated unigram, and its bigrams. */
export interface WordFeatures {
  uni: number;
  neg: number;
  /** Feature ids of the bigrams that start with this word, by the second word's entry (identity lookups). */
  next: Map<WordFeatures, number> | undefined;
}

/**
 * One language's weights, compiled for the hot path: one entry per word (unigram, negated unigram and the bigrams
 * it starts, so a token costs one lookup plus one for its bigram — no key strings are built per clause), weights
 * by feature id, and a stamp array that de-duplicates a clause's features without allocating.
 */
export interface LinearModel {
  bias: number;
  /** The weight training gave the lexicon score (calibration.lexiconWeight starts from it). */
  lexicon: number;
  size: number;
  words: Map<string, WordFeatures>;
  w: Float64Array;
  stamp: Uint32Array;
  generation: number;
}

/** How one language's clause score is built: x = modelWeight·logit + lexiconWeight·lexicon. */
export interface LanguageCalibration {
  modelWeight: number;
  lexiconWeight: number;
  /**
   * When no clause of a text counts (no opinion word, no clause past the gate), the language's clauses with
   * |logit| ≥ this count for the text's score after all (topics keep the gate). Absent, or still nothing: the
   * text is neutral and scores the model's lean inside the neutral band (text-score.ts `leanScore`).
   */
  fallbackLogit?: number;
}

/**
 * How the model logit combines with the lexicon/negation/degree rules, how clause scores add up to a text (or
 * topic) score, and where neutral lies. Tuned by the training script on its validation split (see MODEL.md).
 *
 * - clause: x = modelWeight·logit + lexiconWeight·lexicon (per language); a clause is an opinion when it has a
 *   lexicon hit or |logit| ≥ opinionLogit, otherwise it does not count at all (but see `fallbackLogit`);
 * - text/topic: score = tanh(Σ wᵢxᵢ / (Σ wᵢ)^lengthPower) over opinion clauses, wᵢ the contrast weights
 *   (但是/不过… weigh the later clause up, the earlier ones of its sentence down);
 * - label: |score| ≤ neutralBand is neutral.
 */
export interface Calibration {
  zh: LanguageCalibration;
  en: LanguageCalibration;
  /** Used when the model has no weights for the language (lexicon only). */
  lexiconOnlyWeight: number;
  /** Weight of a clause opened by 但是/不过/but… and factor on the clauses before it in its sentence. */
  contrast: ContrastWeights;
  opinionLogit: number;
  lengthPower: number;
  neutralBand: number;
}

export interface SentimentModel {
  version: string;
  sizeBytes: number;
  zh?: LinearModel;
  en?: LinearModel;
  /** word → [idf, jieba tag] */
  idf: Map<string, [number, string]>;
  calibration: Calibration;
  eval?: unknown;
}

/**
 * One language on disk: featuresOf keys joined by line breaks (no key contains one) and their integer weights
 * (÷ scale) in the same order — a string and an array parse several times faster than a 131k-key object.
 */
export interface LinearModelFile {
  bias: number;
  lexicon?: number;
  features: string;
  weights: number[];
}

/** The keyword table on disk: words joined by line breaks, their idf and jieba tags (space-separated). */
export interface IdfFile {
  words: string;
  idf: number[];
  tags: string;
}

/** On-disk shape. */
export interface SentimentModelFile {
  version: string;
  scale: number;
  zh?: LinearModelFile;
  en?: LinearModelFile;
  idf?: IdfFile;
  calibration?: Partial<Calibration>;
  eval?: unknown;
  training?: unknown;
}

export const MODEL_PATH = join(dirname(fileURLToPath(import.meta.url)), 'model', 'sentiment.json.gz');

/** Lexicon-only behaviour (no model file): the rules alone, as before the first training. */
export const DEFAULT_CALIBRATION: Calibration = {
  zh: { modelWeight: 0.35, lexiconWeight: 0.6 },
  en: { modelWeight: 0.35, lexiconWeight: 0.6 },
  lexiconOnlyWeight: 0.9,
  contrast: { later: 1.5, earlier: 0.5 },
  opinionLogit: 1.5,
  lengthPower: 1,
  neutralBand: 0.15,
};

function linear(m: LinearModelFile | undefined, scale: number): LinearModel | undefined {
  if (!m) return undefined;
  const keys = m.features ? m.features.split('\n') : [];
  const out: LinearModel = {
    bias: m.bias,
    lexicon: m.lexicon ?? 0,
    size: keys.length,
    words: new Map(),
    w: new Float64Array(keys.length),
    stamp: new Uint32Array(keys.length),
    generation: 0,
  };
  const word = (text: string) => {
    let e = out.words.get(text);
    if (!e) {
      e = { uni: -1, neg: -1, next: undefined };
      out.words.set(text, e);
    }
    return e;
  };
  keys.forEach((key, id) => {
    out.w[id] = m.weights[id] / scale;
    const join = key.indexOf(BIGRAM_JOIN);
    if (join > 0) {
      const e = word(key.slice(0, join));
      e.next ??= new Map();
      e.next.set(word(key.slice(join + 1)), id);
    } else if (key.startsWith(NEGATED)) word(key.slice(NEGATED.length)).neg = id;
    else word(key).uni = id;
  });
  return out;
}

/** A token that remembers its entry in the last model that read it (the analyzer's interned words do). */
export interface ModelToken extends FeatureToken {
  modelFor?: LinearModel;
  modelEntry?: WordFeatures;
}

function entryOf(m: LinearModel, t: ModelToken): WordFeatures | undefined {
  if (t.modelFor === m) return t.modelEntry;
  const e = m.words.get(t.key);
  t.modelFor = m;
  t.modelEntry = e;
  return e;
}

/**
 * Sums a clause's feature weights (each feature once), walking features exactly as featuresOf does. A bigram's
 * first word is always the previous unigram's word, so each word's entry is looked up once, at its unigram.
 */
class LogitSink implements FeatureSink<ModelToken> {
  sum = 0;
  m!: LinearModel;
  private last: WordFeatures | undefined;
  private current: WordFeatures | undefined;
  reset(m: LinearModel) {
    this.m = m;
    this.sum = 0;
    this.last = undefined;
    this.current = undefined;
  }
  private add(id: number | undefined) {
    if (id === undefined || id < 0) return;
    const m = this.m;
    if (m.stamp[id] === m.generation) return;
    m.stamp[id] = m.generation;
    this.sum += m.w[id];
  }
  unigram(word: ModelToken, negated: boolean) {
    const e = entryOf(this.m, word);
    if (e) this.add(negated ? e.neg : e.uni);
    this.last = this.current;
    this.current = e;
  }
  bigram(_first: ModelToken, _second: ModelToken) {
    // `current` is the entry of the second word (its unigram came just before).
    const next = this.last?.next;
    if (next && this.current) this.add(next.get(this.current));
  }
}
const logitSink = new LogitSink();

/** Σ weights of the features of `tokens` (bias excluded). Synchronous and not re-entrant (one sink per process). */
export function linearLogit(m: LinearModel, tokens: readonly ModelToken[]): number {
  if (++m.generation === 0xffffffff) {
    m.stamp.fill(0);
    m.generation = 1;
  }
  logitSink.reset(m);
  walkFeatures(tokens, logitSink);
  return logitSink.sum;
}

/** The weight of one feature key (featuresOf's keys), for inspection and tests. */
export function weightOf(m: LinearModel, key: string): number | undefined {
  const join = key.indexOf(BIGRAM_JOIN);
  const id =
    join > 0
      ? m.words.get(key.slice(0, join))?.next?.get(m.words.get(key.slice(join + 1))!)
      : key.startsWith(NEGATED)
        ? m.words.get(key.slice(NEGATED.length))?.neg
        : m.words.get(key)?.uni;
  return id === undefined || id < 0 ? undefined : m.w[id];
}

function idfMap(f: IdfFile | undefined): Map<string, [number, string]> {
  const out = new Map<string, [number, string]>();
  if (!f?.words) return out;
  const words = f.words.split('\n');
  const tags = f.tags.split(' ');
  for (let i = 0; i < words.length; i++) out.set(words[i], [f.idf[i], tags[i]]);
  return out;
}

/** Parses a model file's JSON (exported for the training script's self-check). */
export function parseModel(file: SentimentModelFile, sizeBytes: number): SentimentModel {
  return {
    version: file.version,
    sizeBytes,
    zh: linear(file.zh, file.scale),
    en: linear(file.en, file.scale),
    idf: idfMap(file.idf),
    calibration: { ...DEFAULT_CALIBRATION, ...file.calibration },
    eval: file.eval,
  };
}

/** Reads a gzipped model file. */
export function readModelFile(path: string): SentimentModel {
  const buf = readFileSync(path);
  return parseModel(JSON.parse(gunzipSync(buf).toString('utf8')) as SentimentModelFile, buf.length);
}

let loaded: SentimentModel | undefined;

/** The shipped model; a lexicon-only stand-in when the file is missing (e.g. before the first training). */
export function getModel(): SentimentModel {
  if (loaded) return loaded;
  if (existsSync(MODEL_PATH)) loaded = readModelFile(MODEL_PATH);
  else {
    loaded = { version: 'lexicon-only', sizeBytes: 0, idf: new Map(), calibration: DEFAULT_CALIBRATION };
  }
  return loaded;
}

/** The model in use, without loading it (undefined before the first use). */
export function peekModel(): SentimentModel | undefined {
  return loaded;
}

/** Replaces the model in this process (tests, evaluation of a freshly trained model); undefined = load on next use. */
export function setModel(model: SentimentModel | undefined) {
  loaded = model;
}
