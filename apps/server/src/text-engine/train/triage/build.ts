import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { prepareText, scoreClauses, textScore } from '../../analyzer.ts';
import { contrastWeights } from '../../clauses.ts';
import { getModel } from '../../model.ts';
import {
  parseTriageModel,
  TRIAGE_CLASSES,
  type TriageClass,
  type TriageModel,
  type TriageModelFile,
  triageFeatures,
  triageOf,
} from '../../triage.ts';
import { dedupKey, draw } from '../corpus.ts';

/*
 * Training and evaluation of the triage classifier (triage.ts). Data: the hand-written and the composed JSONL
 * files beside this one, split by a seeded hash of the normalised text (HELD_OUT_SHARE held out, never trained or
 * tuned on), plus user corrections that set a triage class (always training). See MODEL.md "Triage".
 */

const here = dirname(fileURLToPath(import.meta.url));
export const TRIAGE_FILES = {
  handwritten: join(here, 'handwritten.jsonl'),
  composed: join(here, 'composed.jsonl'),
} as const;
export const TRIAGE_SEED = 20261207;
export const HELD_OUT_SHARE = 0.5;
export const TRIAGE_HYPER = { l2: 0.002, iterations: 600, learningRate: 1, minCount: 2, scale: 100 };

export interface TriageExample {
  text: string;
  label: TriageClass;
  source: 'handwritten' | 'composed' | 'correction';
  weight: number;
}

function parseJsonl(path: string, source: TriageExample['source'], weight = 1): TriageExample[] {
  const out: TriageExample[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const r = JSON.parse(line) as { text?: unknown; label?: unknown; triage?: unknown };
    const label = (source === 'correction' ? r.triage : r.label) as TriageClass;
    if (typeof r.text !== 'string' || !TRIAGE_CLASSES.includes(label)) {
      if (source === 'correction') continue; // a sentiment-only correction
      throw new Error(`${path}:${i + 1}: expected {"text": string, "label": one of ${TRIAGE_CLASSES.join('/')}}`);
    }
    out.push({ text: r.text, label, source, weight });
  }
  return out;
}

/** The labelled pool, de-duplicated by the normalised text (the first copy wins), split by hash. */
export function loadTriageData(corrections: string[] = [], correctionWeight = 5) {
  const seen = new Set<string>();
  const train: TriageExample[] = [];
  const heldOut: TriageExample[] = [];
  for (const [source, path] of Object.entries(TRIAGE_FILES) as Array<[TriageExample['source'], string]>) {
    for (const ex of parseJsonl(path, source)) {
      const key = dedupKey(ex.text);
      if (seen.has(key)) continue;
      seen.add(key);
      (draw(key, TRIAGE_SEED) < HELD_OUT_SHARE ? heldOut : train).push(ex);
    }
  }
  // Corrections only ever train; one whose text is in the held-out set is dropped so the figures stay honest.
  const held = new Set(heldOut.map((e) => dedupKey(e.text)));
  for (const f of corrections)
    for (const ex of parseJsonl(f, 'correction', correctionWeight)) if (!held.has(dedupKey(ex.text))) train.push(ex);
  return { train, heldOut };
}

/** What the classifier sees of a text: the analyzer's preparation and overall sentiment score. */
export function triageInputs(text: string) {
  const model = getModel();
  const prep = prepareText(text);
  const scores = scoreClauses(model, prep.clauses);
  const weights = contrastWeights(prep.clauses, model.calibration.contrast);
  return { prep, score: textScore(model, prep.clauses, weights, scores) };
}

/**
 * Softmax regression, full-batch gradient descent with a fixed step and iteration count from zero weights: a pure
 * function of the data (no shuffling), so the same data gives the same file byte for byte.
 */
export function trainTriage(examples: readonly TriageExample[], log: (line: string) => void = () => {}) {
  const K = TRIAGE_CLASSES.length;
  const docs = examples.map((e) => {
    const { prep, score } = triageInputs(e.text);
    return { f: [...triageFeatures(prep, score)], y: TRIAGE_CLASSES.indexOf(e.label), s: e.weight };
  });
  const counts = new Map<string, number>();
  for (const d of docs) for (const f of d.f) counts.set(f, (counts.get(f) ?? 0) + 1);
  const keys = [...counts]
    .filter(([k, n]) => n >= TRIAGE_HYPER.minCount || k.startsWith('#'))
    .map(([k]) => k)
    .sort();
  const id = new Map(keys.map((k, i) => [k, i]));
  const X = docs.map((d) => Int32Array.from(d.f.map((f) => id.get(f) ?? -1).filter((i) => i >= 0)));
  const W = new Float64Array(keys.length * K);
  const b = new Float64Array(K);
  const G = new Float64Array(W.length);
  const gb = new Float64Array(K);
  const p = new Float64Array(K);
  let total = 0;
  for (const d of docs) total += d.s;
  let loss = 0;
  for (let it = 0; it < TRIAGE_HYPER.iterations; it++) {
    G.fill(0);
    gb.fill(0);
    loss = 0;
    for (let n = 0; n < docs.length; n++) {
      const x = X[n];
      p.set(b);
      for (const j of x) for (let k = 0; k < K; k++) p[k] += W[j * K + k];
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, p[k]);
      let sum = 0;
      for (let k = 0; k < K; k++) {
        p[k] = Math.exp(p[k] - max);
        sum += p[k];
      }
      const s = docs[n].s / total;
      loss -= s * Math.log(p[docs[n].y] / sum);
      for (let k = 0; k < K; k++) {
        const g = s * (p[k] / sum - (k === docs[n].y ? 1 : 0));
        gb[k] += g;
        for (const j of x) G[j * K + k] += g;
      }
    }
    for (let i = 0; i < W.length; i++) {
      loss += (TRIAGE_HYPER.l2 / 2) * W[i] * W[i];
      W[i] -= TRIAGE_HYPER.learningRate * (G[i] + TRIAGE_HYPER.l2 * W[i]);
    }
    for (let k = 0; k < K; k++) b[k] -= TRIAGE_HYPER.learningRate * gb[k];
  }
  log(`triage: ${docs.length} training texts, ${keys.length} features, final loss ${loss.toFixed(4)}`);
  // Quantise; keys whose weights all round to 0 are dropped.
  const keptKeys: string[] = [];
  const weights: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    const q = Array.from({ length: K }, (_, k) => Math.round(W[i * K + k] * TRIAGE_HYPER.scale));
    if (q.every((v) => v === 0)) continue;
    keptKeys.push(keys[i]);
    weights.push(...q);
  }
  const file: TriageModelFile = {
    version: '',
    classes: TRIAGE_CLASSES,
    scale: TRIAGE_HYPER.scale,
    bias: Array.from(b, (v) => Math.round(v * 10_000) / 10_000),
    features: keptKeys.join('\n'),
    weights,
  };
  file.version = `triage-${createHash('sha256').update(JSON.stringify(file)).digest('hex').slice(0, 12)}`;
  return file;
}

export interface TriageScores {
  n: number;
  accuracy: number;
  macroF1: number;
  perClass: Record<TriageClass, { precision: number; recall: number; f1: number; support: number }>;
  /** confusion[gold][predicted] */
  confusion: Record<TriageClass, Record<TriageClass, number>>;
}

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

export function scoreTriage(pairs: ReadonlyArray<{ gold: TriageClass; predicted: TriageClass }>): TriageScores {
  const confusion = Object.fromEntries(
    TRIAGE_CLASSES.map((g) => [g, Object.fromEntries(TRIAGE_CLASSES.map((p) => [p, 0]))]),
  ) as TriageScores['confusion'];
  let correct = 0;
  for (const { gold, predicted } of pairs) {
    confusion[gold][predicted]++;
    if (gold === predicted) correct++;
  }
  const perClass = {} as TriageScores['perClass'];
  let f1sum = 0;
  for (const c of TRIAGE_CLASSES) {
    const tp = confusion[c][c];
    const predicted = TRIAGE_CLASSES.reduce((s, g) => s + confusion[g][c], 0);
    const support = TRIAGE_CLASSES.reduce((s, p) => s + confusion[c][p], 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[c] = { precision: r4(precision), recall: r4(recall), f1: r4(f1), support };
    f1sum += f1;
  }
  return {
    n: pairs.length,
    accuracy: pairs.length ? r4(correct / pairs.length) : 0,
    macroF1: r4(f1sum / TRIAGE_CLASSES.length),
    perClass,
    confusion,
  };
}

/** Held-out figures of a model: all held-out items, and the hand-written ones alone. */
export function evaluateTriage(model: TriageModel, heldOut: readonly TriageExample[]) {
  const pairs = heldOut.map((e) => {
    const { prep, score } = triageInputs(e.text);
    return { gold: e.label, predicted: triageOf(prep, score, model).label, source: e.source };
  });
  return {
    all: scoreTriage(pairs),
    handwritten: scoreTriage(pairs.filter((p) => p.source === 'handwritten')),
    zh: scoreTriage(pairs.filter((_, i) => /[\u3400-\u9fff]/.test(heldOut[i].text))),
    en: scoreTriage(pairs.filter((_, i) => !/[\u3400-\u9fff]/.test(heldOut[i].text))),
  };
}

/** Trains on the training split, evaluates on the held-out split, returns the gzipped file (eval inside). */
export function buildTriageModel(opts: { corrections?: string[]; log?: (line: string) => void } = {}) {
  const log = opts.log ?? (() => {});
  const { train, heldOut } = loadTriageData(opts.corrections);
  const file = trainTriage(train, log);
  const model = parseTriageModel(file, 0);
  const evaluation = evaluateTriage(model, heldOut);
  file.training = { train: train.length, heldOut: heldOut.length, seed: TRIAGE_SEED, hyper: TRIAGE_HYPER };
  file.eval = evaluation;
  const gz = gzipSync(Buffer.from(JSON.stringify(file)), { level: 9 });
  return { file, gz, evaluation, train, heldOut };
}
