import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/**
 * The shipped sentiment model (`model/sentiment.json.gz`, written by `npm run train:sentiment`): per
 * language a binary classifier over features.ts features — logit = bias + Σ weights of the features
 * present; weights are stored as integers (× 1/scale) to keep the file small. `idf` gives keyword weights
 * and parts of speech for the commonest words. Loaded once, synchronously, on first use (~0.1 s).
 */
export interface LinearModel {
  bias: number;
  weights: Map<string, number>;
}
export interface SentimentModel {
  version: string;
  sizeBytes: number;
  zh?: LinearModel;
  en?: LinearModel;
  /** word → [idf, jieba tag] */
  idf: Map<string, [number, string]>;
  /** Calibration of the clause score: score = tanh(modelWeight·logit + lexiconWeight·lexicon). */
  calibration: { modelWeight: number; lexiconWeight: number; neutralBand: number; opinionLogit: number };
  eval?: unknown;
}

/** On-disk shape. */
export interface SentimentModelFile {
  version: string;
  scale: number;
  zh?: { bias: number; w: Record<string, number> };
  en?: { bias: number; w: Record<string, number> };
  idf?: Record<string, [number, string]>;
  calibration?: Partial<SentimentModel['calibration']>;
  eval?: unknown;
}

export const MODEL_PATH = join(dirname(fileURLToPath(import.meta.url)), 'model', 'sentiment.json.gz');

export const DEFAULT_CALIBRATION: SentimentModel['calibration'] = {
  modelWeight: 0.35,
  lexiconWeight: 0.6,
  neutralBand: 0.15,
  opinionLogit: 1.5,
};

function linear(m: { bias: number; w: Record<string, number> } | undefined, scale: number): LinearModel | undefined {
  if (!m) return undefined;
  const weights = new Map<string, number>();
  for (const k in m.w) weights.set(k, m.w[k] / scale);
  return { bias: m.bias, weights };
}

/** Parses a model file's JSON (exported for the training script's self-check). */
export function parseModel(file: SentimentModelFile, sizeBytes: number): SentimentModel {
  return {
    version: file.version,
    sizeBytes,
    zh: linear(file.zh, file.scale),
    en: linear(file.en, file.scale),
    idf: new Map(Object.entries(file.idf ?? {})),
    calibration: { ...DEFAULT_CALIBRATION, ...file.calibration },
    eval: file.eval,
  };
}

let loaded: SentimentModel | undefined;

/** The shipped model; a lexicon-only stand-in when the file is missing (e.g. before the first training). */
export function getModel(): SentimentModel {
  if (loaded) return loaded;
  if (existsSync(MODEL_PATH)) {
    const buf = readFileSync(MODEL_PATH);
    loaded = parseModel(JSON.parse(gunzipSync(buf).toString('utf8')) as SentimentModelFile, statSync(MODEL_PATH).size);
  } else {
    loaded = { version: 'lexicon-only', sizeBytes: 0, idf: new Map(), calibration: DEFAULT_CALIBRATION };
  }
  return loaded;
}

/** Replaces the model in this process (tests, evaluation of a freshly trained model). */
export function setModel(model: SentimentModel | undefined) {
  loaded = model;
}
