import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { PreparedText } from './analyzer.ts';

/*
 * Triage: what a comment asks of the business — an actionable complaint, a suggestion, praise, a question, or
 * noise (spam, gibberish, empty chatter: 无/没有/ok). A small multinomial (softmax) logistic regression over what
 * the analyzer already computed — the clause tokens of `prepareText`, its negators and lexicon evidence, the
 * text's sentiment score — plus cue features read off the normalised text (question marks, 吗/呢, how/can you,
 * 建议/希望/能不能/should/please add, URLs, phone numbers, repeated characters, length). Trained by
 * `npm run train:triage` (train/triage/) into model/triage.json.gz; see MODEL.md "Triage".
 */

export const TRIAGE_CLASSES = ['complaint', 'suggestion', 'praise', 'question', 'noise'] as const;
export type TriageClass = (typeof TRIAGE_CLASSES)[number];
export interface Triage {
  label: TriageClass;
  /** Softmax probability of the label, 0…1. */
  confidence: number;
}

const K = TRIAGE_CLASSES.length;

/** On-disk shape: feature keys joined by line breaks, K integer weights per key (÷ scale), K biases. */
export interface TriageModelFile {
  version: string;
  classes: readonly string[];
  scale: number;
  bias: number[];
  features: string;
  weights: number[];
  eval?: unknown;
  training?: unknown;
}

export interface TriageModel {
  version: string;
  sizeBytes: number;
  bias: Float64Array;
  /** feature key → offset of its K weights in `w`. */
  index: Map<string, number>;
  /** The `w:` features by the bare word (the hot path looks tokens up without building key strings). */
  words: Map<string, number>;
  w: Float64Array;
  /** Per feature row: the generation that last added it (de-duplicates a text's words without a Set). */
  stamp: Uint32Array;
  generation: number;
  eval?: unknown;
}

export const TRIAGE_MODEL_PATH = join(dirname(fileURLToPath(import.meta.url)), 'model', 'triage.json.gz');

const QUESTION_WORDS =
  /(请问|想问|问一下|问下|怎么|怎样|如何|几点|多久|多少钱|哪里|哪儿|在哪|什么时候|是否|能否|有没有|可不可以|可以.{0,12}吗|支持.{0,12}吗)/;
const QUESTION_EN =
  /\b(how|what|when|where|which|who|is there|are there|do you|does|can i|could i|can you|is it|will)\b/;
const WHY = /(为什么|为啥|凭什么|怎么又|怎么还|到底|难道|\bwhy\b|how come|how is it)/;
const SUGGEST =
  /(建议|希望|最好|能不能|可不可以|可以考虑|考虑一下|应该|要是.{0,20}就好|如果.{0,20}就好|就更好了|提个|增加|加个|加一个|多出|多放|多开|多招|改成|优化|\bshould\b|\bplease\b|\bsuggest|\bconsider|would be (nice|great|good)|\bi'd love\b|\badd\b|\ballow\b|\boffer\b|\bmaybe\b|\bcould add\b)/;
const PRAISE_CUE =
  /(好评|点赞|推荐|满意|谢谢|感谢|辛苦|yyds|绝绝子|五星|回购|\bthanks?\b|\bthank you\b|\blove\b|\bbest\b|\bgreat\b|\brecommend)/;
const URL = /(https?:\/\/|www\.|\.com\b|\.cn\b|t\.cn)/;
const CONTACT = /(微信|vx|加v|qq|电话|联系|主页|\bcall now\b|\bclick\b|领取|红包|兼职|刷单|代开|回收|日结|\$\d)/;
const PHONE = /\d{7,}/;
const TEST = /(测试|^test\b|^(asdf|qwe|xxx|aaa)|默认好评|未填写|没有填写|凑字数)/;

function lengthBucket(n: number): string {
  return n <= 1 ? '1' : n <= 3 ? '3' : n <= 6 ? '6' : n <= 12 ? '12' : n <= 30 ? '30' : 'long';
}

/**
 * The feature keys of a prepared text (de-duplicated): `w:` word unigrams, `#` cues. The training script and the
 * classifier both call this, so what the model learns is what it reads at run time.
 */
export function triageFeatures(prep: PreparedText, sentimentScore: number, out: string[] = []): string[] {
  out.length = 0;
  const seen = new Set<string>();
  const add = (k: string) => {
    if (!seen.has(k)) {
      seen.add(k);
      out.push(k);
    }
  };
  const stats = walkWords(prep, (key) => add(`w:${key}`));
  cueFeatures(prep, sentimentScore, stats, add);
  return out;
}

interface WordStats {
  words: number;
  lexHits: number;
  lexRaw: number;
  negator: boolean;
}

/** Calls `word` for each word token of the text (the unigram features), and sums what the cues need. */
function walkWords(prep: PreparedText, word: (key: string) => void): WordStats {
  const stats: WordStats = { words: 0, lexHits: 0, lexRaw: 0, negator: false };
  for (const c of prep.clauses) {
    stats.lexHits += c.lexHits;
    stats.lexRaw += c.lexRaw;
    const toks = c.zh ? c.tokens : c.modelTokens;
    for (const t of toks) {
      if (!t.isWord) continue;
      stats.words++;
      if (t.negator) stats.negator = true;
      word(t.key);
    }
  }
  return stats;
}

/** Whether the text (white space aside) uses at most a third as many distinct characters as it has. */
function repetitive(norm: string): boolean {
  if (norm.length < 3) return false;
  const max = Math.max(1, norm.length / 3);
  const seen = new Set<number>();
  for (let i = 0; i < norm.length; i++) {
    const c = norm.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11) continue;
    seen.add(c);
    if (seen.size > max) return false;
  }
  return true;
}

/** The `#` cue features of a text (each once). */
function cueFeatures(prep: PreparedText, sentimentScore: number, stats: WordStats, add: (key: string) => void) {
  const norm = prep.norm.trim();
  const { words, lexHits, lexRaw, negator } = stats;
  add(`#len:${lengthBucket(words)}`);
  add(`#lang:${prep.language}`);
  if (words === 0) add('#nowords');
  if (repetitive(norm)) add('#repeat');
  if (/[?？]/.test(norm)) add('#qmark');
  if (/[?？]\s*$/.test(norm)) add('#qmark-end');
  if (/[吗呢么][?？。!！,，~\s]*$|[吗呢][?？]/.test(norm)) add('#ma');
  if (QUESTION_WORDS.test(norm)) add('#qword');
  if (QUESTION_EN.test(norm) && /^\s*(how|what|when|where|which|who|is|are|do|does|can|could|will)\b/.test(norm))
    add('#qword-en-start');
  if (WHY.test(norm)) add('#why');
  if (SUGGEST.test(norm)) add('#suggest');
  if (PRAISE_CUE.test(norm)) add('#praise');
  if (URL.test(norm)) add('#url');
  if (CONTACT.test(norm)) add('#contact');
  if (PHONE.test(norm)) add('#phone');
  if (TEST.test(norm)) add('#test');
  if (/[!！]/.test(norm)) add('#bang');
  if (/[“”"「」]/.test(norm)) add('#quote');
  if (negator) add('#negator');
  add(lexHits === 0 ? '#lex:none' : lexRaw < 0 ? '#lex:neg' : lexRaw > 0 ? '#lex:pos' : '#lex:zero');
  add(
    sentimentScore <= -0.6
      ? '#sent:--'
      : sentimentScore < -0.2
        ? '#sent:-'
        : sentimentScore <= 0.2
          ? '#sent:0'
          : sentimentScore < 0.6
            ? '#sent:+'
            : '#sent:++',
  );
  if (prep.clauses.length > 1) add('#multi');
}

/** The softmax probabilities of the classes for a set of feature keys. */
export function triageProbabilities(model: TriageModel, features: readonly string[], into = new Float64Array(K)) {
  into.set(model.bias);
  for (const f of features) {
    const o = model.index.get(f);
    if (o === undefined) continue;
    for (let k = 0; k < K; k++) into[k] += model.w[o + k];
  }
  softmax(into);
  return into;
}

const probs = new Float64Array(K);

/**
 * The softmax probabilities of a prepared text: the same sum as `triageProbabilities(triageFeatures(…))`, without
 * building feature strings for the words (one lookup per token, de-duplicated by a generation stamp).
 */
function probabilitiesOf(model: TriageModel, prep: PreparedText, sentimentScore: number, into: Float64Array) {
  into.set(model.bias);
  if (++model.generation === 0xffffffff) {
    model.stamp.fill(0);
    model.generation = 1;
  }
  const gen = model.generation;
  const addRow = (o: number | undefined) => {
    if (o === undefined) return;
    const row = o / K;
    if (model.stamp[row] === gen) return;
    model.stamp[row] = gen;
    for (let k = 0; k < K; k++) into[k] += model.w[o + k];
  };
  const stats = walkWords(prep, (key) => addRow(model.words.get(key)));
  cueFeatures(prep, sentimentScore, stats, (key) => addRow(model.index.get(key)));
  softmax(into);
}

function softmax(into: Float64Array) {
  let max = -Infinity;
  for (let k = 0; k < K; k++) if (into[k] > max) max = into[k];
  let sum = 0;
  for (let k = 0; k < K; k++) {
    into[k] = Math.exp(into[k] - max);
    sum += into[k];
  }
  for (let k = 0; k < K; k++) into[k] /= sum;
}

/** The triage class of a prepared text whose overall sentiment score is `sentimentScore`. */
export function triageOf(prep: PreparedText, sentimentScore: number, model = getTriageModel()): Triage {
  if (prep.norm.trim() === '') return { label: 'noise', confidence: 1 };
  if (!model) return { label: 'noise', confidence: 0 };
  probabilitiesOf(model, prep, sentimentScore, probs);
  let best = 0;
  for (let k = 1; k < K; k++) if (probs[k] > probs[best]) best = k;
  return { label: TRIAGE_CLASSES[best], confidence: Math.round(probs[best] * 1000) / 1000 };
}

export function parseTriageModel(file: TriageModelFile, sizeBytes: number): TriageModel {
  if (file.classes.join() !== TRIAGE_CLASSES.join()) throw new Error('triage model: unexpected classes');
  const keys = file.features ? file.features.split('\n') : [];
  const index = new Map<string, number>();
  const words = new Map<string, number>();
  const w = new Float64Array(keys.length * K);
  for (let i = 0; i < keys.length; i++) {
    index.set(keys[i], i * K);
    if (keys[i].startsWith('w:')) words.set(keys[i].slice(2), i * K);
    for (let k = 0; k < K; k++) w[i * K + k] = file.weights[i * K + k] / file.scale;
  }
  return {
    version: file.version,
    sizeBytes,
    bias: Float64Array.from(file.bias),
    index,
    words,
    w,
    stamp: new Uint32Array(keys.length),
    generation: 0,
    eval: file.eval,
  };
}

let loaded: TriageModel | null | undefined;

/** The shipped triage model, loaded once (null when the file is missing: every text is then `noise` at 0). */
export function getTriageModel(): TriageModel | null {
  if (loaded !== undefined) return loaded;
  if (!existsSync(TRIAGE_MODEL_PATH)) loaded = null;
  else {
    const buf = readFileSync(TRIAGE_MODEL_PATH);
    loaded = parseTriageModel(JSON.parse(gunzipSync(buf).toString('utf8')) as TriageModelFile, buf.length);
  }
  return loaded;
}

/** Replaces the triage model in this process (evaluation of a freshly trained model); undefined = reload. */
export function setTriageModel(model: TriageModel | null | undefined) {
  loaded = model;
}
