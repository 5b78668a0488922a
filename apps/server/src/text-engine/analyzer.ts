import { type Clause, splitClauses } from './clauses.ts';
import { englishTokens } from './features.ts';
import { type Language, detectLanguage } from './language.ts';
import { getModel } from './model.ts';
import { normalize } from './normalize.ts';
import { getJieba } from './segment.ts';
import {
  type ClauseSentiment,
  type Sentiment,
  combine,
  enLexicon,
  labelOf,
  modelLogit,
  zhLexicon,
} from './sentiment.ts';
import { type CompiledTaxonomy, type Taxonomy, compileTaxonomy, findTerms } from './taxonomy.ts';
import { topKeywords } from './keywords.ts';

export interface TopicMatch {
  topicId: string;
  topic: string;
  sentiment: Sentiment;
  /** Spans in the original input string (UTF-16 offsets), for highlighting. */
  matches: Array<{ start: number; end: number; text: string }>;
}
export interface Analysis {
  language: Language;
  sentiment: Sentiment;
  topics: TopicMatch[];
  keywords: string[];
  clauses: number;
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

interface ClauseWork extends Clause {
  tokens: string[];
  han: boolean;
  latinWords: number;
  sentiment: ClauseSentiment;
}

function hasHan(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3400 && c <= 0x9fff) return true;
  }
  return false;
}

/** Tokens of the normalised text, placed into their clauses (a token belongs to the clause of its start). */
function tokenize(norm: string, clauses: ClauseWork[], useJieba: boolean) {
  const tokens = useJieba ? getJieba().cut(norm, true) : null;
  let pos = 0;
  let ci = 0;
  const place = (tok: string, start: number) => {
    while (ci < clauses.length && clauses[ci].end <= start) ci++;
    if (ci < clauses.length && start >= clauses[ci].start) clauses[ci].tokens.push(tok);
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

function scoreClause(norm: string, c: ClauseWork, forced: 'zh' | 'en' | undefined): ClauseSentiment {
  const model = getModel();
  const zh = forced ? forced === 'zh' : c.han || c.latinWords === 0;
  let raw = 0;
  let hits = 0;
  let logit = 0;
  let hasModel = false;
  if (zh) {
    const l = zhLexicon(c.tokens);
    raw += l.raw;
    hits += l.hits;
    if (model.zh) {
      logit += modelLogit(model.zh, c.tokens);
      hasModel = true;
    }
  }
  if (!zh || c.latinWords >= 2) {
    const text = norm.slice(c.start, c.end);
    const en = englishTokens(text);
    const l = enLexicon(text, en);
    raw += l.raw;
    hits += l.hits;
    if (model.en && !zh) {
      logit += modelLogit(model.en, en);
      hasModel = true;
    }
  }
  return combine(model, raw, hits, logit, hasModel);
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
 * Creates an analyzer for a taxonomy. Compiling the taxonomy takes microseconds and the model and jieba
 * are shared per process, so creating one per tenant (or per taxonomy change) is cheap. `analyze` is
 * synchronous and never throws on odd input (empty, emoji-only, very long).
 */
export function createAnalyzer({ taxonomy }: CreateAnalyzerOptions): Analyzer {
  const ct = compileTaxonomy(taxonomy);
  return { analyze: (text, opts) => analyzeWith(ct, text, opts) };
}

function analyzeWith(ct: CompiledTaxonomy, input: string, opts?: AnalyzeOptions): Analysis {
  const text = typeof input === 'string' ? input : String(input ?? '');
  const original = text.length > MAX_ANALYSED_CHARS ? text.slice(0, MAX_ANALYSED_CHARS) : text;
  const norm = normalize(original);
  const forced = opts?.lang === 'zh' || opts?.lang === 'en' ? opts.lang : undefined;
  const language: Language = forced ?? detectLanguage(norm);
  const band = getModel().calibration.neutralBand;

  const clauses: ClauseWork[] = splitClauses(norm).map((c) => ({
    ...c,
    tokens: [],
    han: false,
    latinWords: 0,
    sentiment: { score: 0, opinion: false },
  }));
  const anyHan = hasHan(norm);
  tokenize(norm, clauses, anyHan || forced === 'zh' || countLatinWords(norm, 0, norm.length) === 0);
  let num = 0;
  let den = 0;
  for (const c of clauses) {
    c.han = anyHan && hasHan(norm.slice(c.start, c.end));
    c.latinWords = countLatinWords(norm, c.start, c.end);
    c.sentiment = scoreClause(norm, c, forced);
    if (c.sentiment.opinion) {
      num += c.weight * c.sentiment.score;
      den += c.weight;
    }
  }
  const overall = labelOf(den > 0 ? num / den : 0, band);

  const topics = matchTopics(ct, norm, original, clauses, band);
  const keywords = topKeywords(
    clauses.map((c) => c.tokens),
    KEYWORDS,
  );
  return { language, sentiment: overall, topics, keywords, clauses: clauses.length };
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
  clauses: ClauseWork[],
  band: number,
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
      let f = found.get(topic);
      if (!f) {
        f = { clauses: new Set(), spans: [] };
        found.set(topic, f);
      }
      f.clauses.add(ci);
      f.spans.push(...spans);
    }
  }
  const out: Array<TopicMatch & { first: number }> = [];
  for (const [ti, f] of found) {
    const topic = ct.topics[ti];
    let num = 0;
    let den = 0;
    for (const ci of f.clauses) {
      const c = clauses[ci];
      num += c.weight * c.sentiment.score;
      den += c.weight;
    }
    const spans = mergeSpans(f.spans);
    out.push({
      topicId: topic.id,
      topic: topic.name,
      sentiment: labelOf(den > 0 ? num / den : 0, band),
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
