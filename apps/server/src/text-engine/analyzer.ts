import { type Clause, contrastWeights, splitClauses } from './clauses.ts';
import { explainTopic, type TopicExplanation } from './explain.ts';
import { englishTokens } from './features.ts';
import { topKeywords } from './keywords.ts';
import { detectLanguage, type Language } from './language.ts';
import { ZH_EMOJI_TAGS, ZH_OPINION } from './lexicon.ts';
import { getModel, type SentimentModel } from './model.ts';
import { normalize } from './normalize.ts';
import { getJieba } from './segment.ts';

export { scoreClauses, scoreOf, textScore } from './text-score.ts';

import {
  aggregate,
  type ClauseSentiment,
  clauseScore,
  enLexicon,
  labelOf,
  modelLogit,
  type Sentiment,
  zhLexiconOf,
} from './sentiment.ts';
import { type CompiledTaxonomy, compileTaxonomy, findTerms, type Taxonomy } from './taxonomy.ts';
import { scoreClauses, textScore } from './text-score.ts';
import { type TriageClass, triageOf } from './triage.ts';
import { vocabulary, type Word } from './vocab.ts';

export interface TopicMatch {
  topicId: string;
  topic: string;
  sentiment: Sentiment;
  /** Spans in the original input string (UTF-16 offsets), for highlighting. */
  matches: Array<{ start: number; end: number; text: string }>;
  /** Why this polarity: the clause(s) scored, the opinion cue(s), lexicon or model (explain.ts). */
  explain: TopicExplanation;
}
export interface Analysis {
  language: Language;
  sentiment: Sentiment;
  topics: TopicMatch[];
  keywords: string[];
  clauses: number;
  /** What the comment asks of the business (triage.ts), and the classifier's probability for it. */
  triage: TriageClass;
  triageConfidence: number;
}
export interface AnalyzeOptions {
  lang?: 'zh' | 'en' | 'auto';
}
export interface Analyzer {
  analyze(text: string, opts?: AnalyzeOptions): Analysis;
}
export interface CreateAnalyzerOptions {
  taxonomy: Taxonomy;
}

/** Longer texts are analysed up to this many characters (offsets stay valid; the rest is ignored). */
export const MAX_ANALYSED_CHARS = 20_000;
const KEYWORDS = 5;

/** A clause as the analyzer sees it; `prepareText` builds these for the analyzer and the training script alike. */
export interface PreparedClause extends Clause {
  /** jieba words (or English word tokens) of the clause, spaces and punctuation inside it included. */
  tokens: Word[];
  /** Offset in the normalised text of each of `tokens`. */
  starts: number[];
  /** Scored with the Chinese model and lexicon (else English). */
  zh: boolean;
  /** What the language's model reads: `tokens` for Chinese, English word tokens for English. */
  modelTokens: readonly Word[];
  /** Lexicon rules (negation, degree) on the clause: raw sum and number of opinion words. */
  lexRaw: number;
  lexHits: number;
}
export interface PreparedText {
  original: string;
  norm: string;
  language: Language;
  clauses: PreparedClause[];
}

function hasHan(text: string, start = 0, end = text.length): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3400 && c <= 0x9fff) return true;
  }
  return false;
}

/** Tokens of the normalised text, placed into their clauses (a token belongs to the clause of its start). */
function tokenize(
  norm: string,
  clauses: Clause[],
  into: Word[][],
  starts: number[][],
  useJieba: boolean,
  word: (text: string) => Word,
) {
  const tokens = useJieba ? getJieba().cut(norm, true) : null;
  let pos = 0;
  let ci = 0;
  const place = (tok: string, start: number) => {
    while (ci < clauses.length && clauses[ci].end <= start) ci++;
    if (ci < clauses.length && start >= clauses[ci].start) {
      into[ci].push(word(tok));
      starts[ci].push(start);
    }
  };
  if (tokens) {
    for (const tok of tokens) {
      place(tok, pos);
      pos += tok.length;
    }
    return;
  }
  const re = /[a-z0-9]+(?:'[a-z]+)?/g;
  for (let m = re.exec(norm); m; m = re.exec(norm)) place(m[0], m.index);
}

/** Value of a Weibo emoji tag ([哈哈], 【怒】) that is the whole clause [start, end), else undefined. */
function emojiTag(norm: string, start: number, end: number): number | undefined {
  if (end - start > 5 || start === 0) return undefined;
  const open = norm.charCodeAt(start - 1);
  const close = norm.charCodeAt(end);
  if (!((open === 91 && close === 93) || (open === 0x3010 && close === 0x3011))) return undefined;
  const v = ZH_EMOJI_TAGS.get(norm.slice(start, end));
  // Already counted when the word is an opinion word too (赞, 给力): the tag only adds what the lexicon lacks.
  return v === undefined || ZH_OPINION.has(norm.slice(start, end)) ? undefined : v;
}

function countLatinWords(text: string, start: number, end: number): number {
  let n = 0;
  let inWord = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const latin = c >= 97 && c <= 122;
    if (latin && !inWord) n++;
    inWord = latin;
  }
  return n;
}

/**
 * Normalisation, language, clauses, tokens and lexicon evidence of a text: everything but the model. The
 * training script computes its features from exactly this (features.ts over `modelTokens`), so what the model
 * learns is what it sees at run time.
 */
export function prepareText(input: string, opts?: AnalyzeOptions): PreparedText {
  const text = typeof input === 'string' ? input : String(input ?? '');
  const original = text.length > MAX_ANALYSED_CHARS ? text.slice(0, MAX_ANALYSED_CHARS) : text;
  const norm = normalize(original);
  const forced = opts?.lang === 'zh' || opts?.lang === 'en' ? opts.lang : undefined;
  const language: Language = forced ?? detectLanguage(norm);
  const spans = splitClauses(norm);
  const tokens: Word[][] = spans.map(() => []);
  const starts: number[][] = spans.map(() => []);
  const anyHan = hasHan(norm);
  const word = vocabulary(getModel());
  tokenize(norm, spans, tokens, starts, anyHan || forced === 'zh' || countLatinWords(norm, 0, norm.length) === 0, word);
  const clauses: PreparedClause[] = new Array(spans.length);
  for (let i = 0; i < spans.length; i++) {
    const { start, end, contrast, sentence } = spans[i];
    const latinWords = countLatinWords(norm, start, end);
    const zh = forced ? forced === 'zh' : (anyHan && hasHan(norm, start, end)) || latinWords === 0;
    let lexRaw = 0;
    let lexHits = 0;
    let modelTokens: readonly Word[] = tokens[i];
    if (zh) {
      const l = zhLexiconOf(tokens[i]);
      lexRaw += l.raw;
      lexHits += l.hits;
      const tag = emojiTag(norm, start, end);
      if (tag !== undefined) {
        lexRaw += tag;
        lexHits++;
      }
    }
    if (!zh || latinWords >= 2) {
      const clause = norm.slice(start, end);
      const en = englishTokens(clause);
      const l = enLexicon(clause, en, !zh);
      lexRaw += l.raw;
      lexHits += l.hits;
      if (!zh) modelTokens = en.map(word);
    }
    clauses[i] = {
      start,
      end,
      contrast,
      sentence,
      tokens: tokens[i],
      starts: starts[i],
      zh,
      modelTokens,
      lexRaw,
      lexHits,
    };
  }
  return { original, norm, language, clauses };
}

/**
 * Creates an analyzer for a taxonomy. Compiling the taxonomy takes microseconds and the model and jieba
 * are shared per process, so creating one per tenant (or per taxonomy change) is cheap. `analyze` is
 * synchronous and never throws on odd input (empty, emoji-only, very long).
 */
export function createAnalyzer({ taxonomy }: CreateAnalyzerOptions): Analyzer {
  const ct = compileTaxonomy(taxonomy);
  return { analyze: (text, opts) => analyzeWith(ct, text, opts) };
}

function analyzeWith(ct: CompiledTaxonomy, input: string, opts?: AnalyzeOptions): Analysis {
  const model = getModel();
  const band = model.calibration.neutralBand;
  const { original, norm, language, clauses } = prepareText(input, opts);
  const scores = scoreClauses(model, clauses);
  const weights = contrastWeights(clauses, model.calibration.contrast);
  const overallScore = textScore(model, clauses, weights, scores);
  const overall = labelOf(overallScore, band);
  const topics = matchTopics(ct, norm, original, clauses, (which, segments) => {
    const used = opinionClauses(clauses, scores, which);
    const sentiment = labelOf(topicScore(model, weights, scores, clauses, used, segments), band);
    return { sentiment, explain: explainTopic(model, original, clauses, scores, used, Math.sign(sentiment.score)) };
  });
  const keywords = topKeywords(
    clauses.map((c) => c.tokens),
    KEYWORDS,
  );
  const triage = triageOf({ original, norm, language, clauses }, overallScore);
  return {
    language,
    sentiment: overall,
    topics,
    keywords,
    clauses: clauses.length,
    triage: triage.label,
    triageConfidence: triage.confidence,
  };
}

/**
 * A topic's score over its clauses, like `scoreOf`, except that in a Chinese clause shared with other topics
 * (菜好吃服务差) the topic reads only its segment of the clause (see `topicSegments`) when that segment holds an
 * opinion of its own.
 */
function topicScore(
  model: SentimentModel,
  weights: readonly number[],
  scores: readonly ClauseSentiment[],
  clauses: readonly PreparedClause[],
  which: Iterable<number>,
  segments: ReadonlyMap<number, Segment> | undefined,
): number {
  let num = 0;
  let den = 0;
  for (const i of which) {
    const seg = segments?.get(i);
    const s = seg ? (segmentScore(model, clauses[i], seg) ?? scores[i]) : scores[i];
    if (!s.opinion) continue;
    num += weights[i] * s.score;
    den += weights[i];
  }
  return aggregate(model.calibration, num, den);
}

/** [from, to) offsets in the normalised text. */
type Segment = readonly [number, number];

/** Evidence of the words of a Chinese clause that start inside `seg`; undefined when they hold no opinion. */
function segmentScore(model: SentimentModel, c: PreparedClause, seg: Segment): ClauseSentiment | undefined {
  const words: Word[] = [];
  for (let k = 0; k < c.tokens.length; k++) if (c.starts[k] >= seg[0] && c.starts[k] < seg[1]) words.push(c.tokens[k]);
  if (words.length === 0) return undefined;
  const l = zhLexiconOf(words);
  const logit = model.zh ? modelLogit(model.zh, words) : 0;
  const s = clauseScore(model.calibration, 'zh', l.raw, l.hits, logit, model.zh !== undefined);
  return s.opinion ? s : undefined;
}

function hasOpinionWord(c: PreparedClause, from: number, to: number): boolean {
  for (let k = 0; k < c.tokens.length; k++)
    if (c.starts[k] >= from && c.starts[k] < to && c.tokens[k].lex.opinion) return true;
  return false;
}

/**
 * Chinese clauses that mention several topics at different places (菜好吃服务差, 味道好上菜慢): each topic's segment
 * runs from its first mention to the next topic's first mention (the first from the clause start, the last to the
 * clause end), so each reads the opinion words after it. Topics first mentioned at the same place share one.
 */
function topicSegments(
  clauses: readonly PreparedClause[],
  firstByClause: ReadonlyMap<number, Map<number, number>>,
): Map<number, Map<number, Segment>> {
  const out = new Map<number, Map<number, Segment>>();
  for (const [ci, firsts] of firstByClause) {
    const c = clauses[ci];
    if (!c.zh || firsts.size < 2) continue;
    const cuts = [...new Set(firsts.values())].sort((a, b) => a - b);
    if (cuts.length < 2) continue;
    // A segment without an opinion word reaches on to the end of the next one (菜|好吃|服务差: 菜 reads 好吃).
    const ends = new Array<number>(cuts.length);
    for (let k = cuts.length - 1; k >= 0; k--) {
      const to = k + 1 < cuts.length ? cuts[k + 1] : c.end;
      ends[k] = k + 1 < cuts.length && !hasOpinionWord(c, k === 0 ? c.start : cuts[k], to) ? ends[k + 1] : to;
    }
    for (const [topic, first] of firsts) {
      const k = cuts.indexOf(first);
      const seg: Segment = [k === 0 ? c.start : first, ends[k]];
      let m = out.get(topic);
      if (!m) {
        m = new Map();
        out.set(topic, m);
      }
      m.set(ci, seg);
    }
  }
  return out;
}

/**
 * The clauses a topic's sentiment is read from: the clauses that mention it, or — when none of them holds an
 * opinion — the nearest opinion clause of the same sentence, the following one first ("the food, which was above
 * average" → "which was above average"; 有儿童区，带孩子很方便 → 很方便; Chinese since issue 24's zh slice).
 */
export function opinionClauses(
  clauses: readonly PreparedClause[],
  scores: readonly ClauseSentiment[],
  which: ReadonlySet<number>,
): Iterable<number> {
  const out: number[] = [];
  for (const i of which) if (scores[i].opinion) return which;
  for (const i of which) {
    for (let d = 1; d < clauses.length; d++) {
      const after = i + d;
      const before = i - d;
      const inAfter = after < clauses.length && clauses[after].sentence === clauses[i].sentence;
      const inBefore = before >= 0 && clauses[before].sentence === clauses[i].sentence;
      if (!inAfter && !inBefore) break;
      if (inAfter && scores[after].opinion) {
        out.push(after);
        break;
      }
      if (inBefore && scores[before].opinion) {
        out.push(before);
        break;
      }
    }
  }
  return out.length ? out : which;
}

function clauseAt(clauses: readonly Clause[], pos: number): number {
  let lo = 0;
  let hi = clauses.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (clauses[mid].end <= pos) lo = mid + 1;
    else if (clauses[mid].start > pos) hi = mid - 1;
    else return mid;
  }
  return -1;
}

function matchTopics(
  ct: CompiledTaxonomy,
  norm: string,
  original: string,
  clauses: readonly PreparedClause[],
  sentimentOf: (
    clauses: ReadonlySet<number>,
    segments: ReadonlyMap<number, Segment> | undefined,
  ) => { sentiment: Sentiment; explain: TopicExplanation },
): TopicMatch[] {
  const hits = findTerms(ct, norm);
  if (hits.length === 0) return [];
  // Per clause: the hits of each term.
  const byClause = new Map<number, Map<number, Array<{ start: number; end: number }>>>();
  for (const h of hits) {
    const ci = clauseAt(clauses, h.start);
    if (ci < 0) continue;
    let terms = byClause.get(ci);
    if (!terms) {
      terms = new Map();
      byClause.set(ci, terms);
    }
    const list = terms.get(h.term);
    if (list) list.push(h);
    else terms.set(h.term, [h]);
  }
  // topic → { clauses, spans }
  const found = new Map<number, { clauses: Set<number>; spans: Array<{ start: number; end: number }> }>();
  const firstByClause = new Map<number, Map<number, number>>();
  for (const [ci, terms] of byClause) {
    const included = new Map<number, Array<{ start: number; end: number }>>();
    const excluded = new Set<number>();
    for (const termId of terms.keys()) {
      for (const ri of ct.rulesByTerm[termId]) {
        const rule = ct.rules[ri];
        if (!rule.terms.every((t) => terms.has(t))) continue;
        if (rule.exclude) {
          excluded.add(rule.topic);
          continue;
        }
        let spans = included.get(rule.topic);
        if (!spans) {
          spans = [];
          included.set(rule.topic, spans);
        }
        for (const t of rule.terms) spans.push(...terms.get(t)!);
      }
    }
    for (const [topic, spans] of included) {
      if (excluded.has(topic)) continue;
      let firsts = firstByClause.get(ci);
      if (!firsts) {
        firsts = new Map();
        firstByClause.set(ci, firsts);
      }
      firsts.set(topic, Math.min(...spans.map((x) => x.start)));
      let f = found.get(topic);
      if (!f) {
        f = { clauses: new Set(), spans: [] };
        found.set(topic, f);
      }
      f.clauses.add(ci);
      f.spans.push(...spans);
    }
  }
  const segments = topicSegments(clauses, firstByClause);
  const out: Array<TopicMatch & { first: number }> = [];
  for (const [ti, f] of found) {
    const topic = ct.topics[ti];
    const spans = mergeSpans(f.spans);
    out.push({
      topicId: topic.id,
      topic: topic.name,
      ...sentimentOf(f.clauses, segments.get(ti)),
      matches: spans.map((s) => ({ start: s.start, end: s.end, text: original.slice(s.start, s.end) })),
      first: spans[0].start,
    });
  }
  out.sort((a, b) => a.first - b.first);
  return out.map(({ first: _first, ...t }) => t);
}

/** Sorted spans without duplicates or spans inside another (送餐 inside 送餐速度). */
function mergeSpans(spans: Array<{ start: number; end: number }>) {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Array<{ start: number; end: number }> = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start >= last.start && s.end <= last.end) continue;
    out.push({ start: s.start, end: s.end });
  }
  return out;
}
