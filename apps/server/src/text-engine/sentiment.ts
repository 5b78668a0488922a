import vader from 'vader-sentiment';
import { EN_DOMAIN, EN_NEGATION, EN_PHRASES, EN_REVIEW, ZH_DEGREE, ZH_NEGATION, ZH_OPINION } from './lexicon.ts';
import { type Calibration, type LinearModel, linearLogit, type ModelToken } from './model.ts';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';
export interface Sentiment {
  label: SentimentLabel;
  /** −1 … 1 */
  score: number;
}

/** A clause's sentiment before labelling: `opinion` is false when nothing in it expresses one. */
export interface ClauseSentiment {
  /** Pre-tanh evidence (see `clauseScore`). */
  score: number;
  opinion: boolean;
}

const NEG_PREFIX = ['不太', '不够', '没有', '不', '没', '无', '未', '别'];
const DEG_PREFIX = ' 太很超好真挺最更巨贼蛮';
const NEGATION_WINDOW = 3;
/**
 * Words that are an opinion only as the predicate, at the end of the clause (味道一般, 还可以吧) — before another word
 * they are a modal or an adverb (可以开发票, 平时一般点鱼香肉丝, 一般来说).
 */
const PREDICATE_ONLY = new Set(['可以', '行', '一般', '还可以']);
const FINAL_PARTICLES = new Set(['了', '的', '啊', '吧', '哦', '呀', '呢', '哈', '啦', '嘛', '喔', '噢']);
/** After a lone 好, these make it a degree/quantity word (好几次, 好多, 好久, 好一会儿), not praise. */
const HAO_NOT_OPINION = '几多久一半像些大长';
const SUFFIX_NEGATIVE = '洒撒漏破烂坏脏臭馊糊';
/**
 * After a negator, a verb of opinion makes the negation cover the rest of the clause (我不觉得这家店的菜有多好吃,
 * 没觉得哪里好吃); 那么/有多/这么… keep it alive past the three-word window (没有评论说的那么好).
 */
const NEGATION_CLAUSE_WIDE = new Set(['觉得', '认为', '感觉', '觉着', '感到', '发现', '想象', '看出']);
const NEGATION_KEEP = new Set(['那么', '有多', '那样', '想象', '说的', '传说']);

interface Opinion {
  value: number;
  negated: boolean;
}
/** What the rules know about a word: negator, degree factor, opinion. */
export interface LexWord {
  negator: boolean;
  degree: number | undefined;
  opinion: Opinion | undefined;
}
const words = new Map<string, LexWord>();

/** The rules' view of a jieba word, memoised (the vocabulary of comments is small; one lookup per token). */
export function lexWord(tok: string): LexWord {
  let w = words.get(tok);
  if (w === undefined) {
    if (words.size > 50_000) words.clear();
    w = { negator: ZH_NEGATION.has(tok), degree: ZH_DEGREE.get(tok), opinion: computeOpinion(tok) };
    words.set(tok, w);
  }
  return w;
}

/** Opinion value of a jieba word, looking through a leading negator or degree character (太慢, 不新鲜). */
function computeOpinion(tok: string): Opinion | undefined {
  const v = ZH_OPINION.get(tok);
  if (v !== undefined) return { value: v, negated: false };
  if (tok.length < 2) return undefined;
  for (const p of NEG_PREFIX) {
    if (tok.length > p.length && tok.startsWith(p)) {
      const rest = ZH_OPINION.get(tok.slice(p.length));
      if (rest !== undefined) return { value: rest, negated: true };
    }
  }
  if (DEG_PREFIX.includes(tok[0])) {
    const rest = ZH_OPINION.get(tok.slice(1));
    if (rest !== undefined) return { value: rest * 1.4, negated: false };
  }
  // 汤洒 / 盒子破: a noun glued to a damage verb by jieba.
  if (SUFFIX_NEGATIVE.includes(tok[tok.length - 1])) return { value: -1, negated: false };
  if (tok.length > 2) {
    const deg = ZH_DEGREE.get(tok.slice(0, 2));
    const rest = deg !== undefined ? ZH_OPINION.get(tok.slice(2)) : undefined;
    if (rest !== undefined) return { value: rest * deg!, negated: false };
  }
  return undefined;
}

/**
 * Lexicon score of a Chinese clause with negation (不/没/别… flip the next opinion word within three words;
 * a negated negative is only mildly positive: 不差 ≠ 很好; a double negative is mildly positive: 没有不满意)
 * and degree (很/太/非常… scale it). Returns the raw sum and the number of opinion words.
 */
export function zhLexicon(tokens: readonly string[]): { raw: number; hits: number } {
  return zhLexiconOf(tokens.map((text) => ({ text, lex: lexWord(text) })));
}

/** `zhLexicon` over words whose rules are already looked up (the analyzer's interned words). */
export function zhLexiconOf(tokens: readonly { text: string; lex: LexWord }[]): { raw: number; hits: number } {
  let raw = 0;
  let hits = 0;
  let neg = 0;
  let sinceNeg = 0;
  let degree = 1;
  let wide = false;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i].text;
    const w = tokens[i].lex;
    if (w.negator) {
      neg++;
      sinceNeg = 0;
      continue;
    }
    if (neg > 0 && (NEGATION_KEEP.has(tok) || (sinceNeg === 0 && NEGATION_CLAUSE_WIDE.has(tok)))) {
      if (NEGATION_CLAUSE_WIDE.has(tok)) wide = true;
      sinceNeg = 0;
      continue;
    }
    const deg = w.degree;
    const next = tokens[i + 1];
    let op = tok === '好' && next !== undefined && HAO_NOT_OPINION.includes(next.text[0]) ? undefined : w.opinion;
    if (
      op &&
      next !== undefined &&
      PREDICATE_ONLY.has(tok) &&
      next.text.trim() !== '' &&
      !FINAL_PARTICLES.has(next.text)
    ) {
      op = undefined;
    }
    // 好贵 / 好慢: a degree word that is also an opinion word acts as degree before another opinion word.
    if (op && !(deg !== undefined && next?.lex.opinion)) {
      let v = op.value * Math.min(degree, 2.5);
      const n = neg + (op.negated ? 1 : 0);
      if (n % 2 === 1) v = v > 0 ? -0.8 * v : -0.4 * v;
      else if (n >= 2) v = Math.abs(v) * 0.6;
      raw += v;
      hits++;
      neg = 0;
      wide = false;
      degree = 1;
      continue;
    }
    if (deg !== undefined) {
      degree *= deg;
      continue;
    }
    if (neg > 0 && !wide && ++sinceNeg > NEGATION_WINDOW) neg = 0;
  }
  return { raw, hits };
}

/**
 * English clause: VADER's compound (negation, boosters, but-rules built in) plus service/food words; in an English
 * clause (`review`: not English words inside a Chinese clause) also review words and idioms.
 */
export function enLexicon(clause: string, tokens: readonly string[], review = false): { raw: number; hits: number } {
  const compound = clause.length > 0 ? vader.SentimentIntensityAnalyzer.polarity_scores(clause).compound : 0;
  let raw = compound * 2;
  let hits = compound !== 0 ? 1 : 0;
  let lastNeg = -10;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (EN_NEGATION.has(t) || t.endsWith("n't")) {
      lastNeg = i;
      continue;
    }
    const v = EN_DOMAIN.get(t) ?? (review ? EN_REVIEW.get(t) : undefined);
    if (v === undefined) continue;
    raw += i - lastNeg <= 3 ? -0.6 * v : v;
    hits++;
  }
  if (review) {
    for (const [re, v] of EN_PHRASES) {
      if (!re.test(clause)) continue;
      raw += v;
      hits++;
    }
  }
  return { raw, hits };
}

/** Logit of a linear model over the features of `tokens` (bias excluded: it is a per-text prior). */
export function modelLogit(model: LinearModel | undefined, tokens: readonly ModelToken[]): number {
  return model ? linearLogit(model, tokens) : 0;
}

/**
 * Largest evidence one English clause carries (pre-tanh; tanh(2) ≈ 0.96). VADER and the domain words can
 * give a single clause −4 ("the waiter was rude"), which then outweighs any other clause of the sentence:
 * "The pasta was great but the waiter was rude" came out −0.999. Capped, contrast decides the lean but the praise
 * still counts (−0.86 instead of −0.999). Chosen on the dev part of the English aspect split (MODEL.md); Chinese is not capped.
 */
export const EN_CLAUSE_CAP = 2;

/**
 * A clause's evidence on the pre-tanh scale: model logit and lexicon combined with the language's calibration.
 * A clause with neither opinion words nor a confident model holds no opinion and does not count; with `fallback`
 * (a text none of whose clauses counts) the language's `fallbackLogit` is the gate instead, if it has one.
 * English clauses are capped at ±EN_CLAUSE_CAP.
 */
export function clauseScore(
  cal: Calibration,
  lang: 'zh' | 'en',
  lexRaw: number,
  lexHits: number,
  logit: number,
  hasModel: boolean,
  fallback = false,
): ClauseSentiment {
  const c = cal[lang];
  const sure = fallback
    ? c.fallbackLogit !== undefined && logit !== 0 && Math.abs(logit) >= c.fallbackLogit
    : Math.abs(logit) >= cal.opinionLogit;
  const opinion = lexHits > 0 || (hasModel && sure);
  if (!opinion) return { score: 0, opinion: false };
  if (!hasModel) {
    const x = cal.lexiconOnlyWeight * lexRaw;
    return { score: lang === 'en' ? Math.max(-EN_CLAUSE_CAP, Math.min(EN_CLAUSE_CAP, x)) : x, opinion: true };
  }
  const x = c.modelWeight * logit + c.lexiconWeight * lexRaw;
  return { score: lang === 'en' ? Math.max(-EN_CLAUSE_CAP, Math.min(EN_CLAUSE_CAP, x)) : x, opinion: true };
}

/**
 * Score of a text or topic from its clauses: tanh(Σ wᵢxᵢ / (Σ wᵢ)^lengthPower) over the opinion clauses, wᵢ the
 * clause's contrast weight and xᵢ its `clauseScore`. 0 when no clause holds an opinion.
 */
export function aggregate(cal: Calibration, num: number, den: number): number {
  if (den <= 0) return 0;
  const p = cal.lengthPower;
  return Math.tanh(p === 0 ? num : p === 1 ? num / den : num / den ** p);
}

/** Label of a score: inside ±neutralBand is neutral. */
export function labelOf(score: number, band: number): Sentiment {
  const s = Math.max(-1, Math.min(1, score));
  const rounded = Math.round(s * 1000) / 1000;
  return { label: s > band ? 'positive' : s < -band ? 'negative' : 'neutral', score: rounded === 0 ? 0 : rounded };
}
