/**
 * Clause split over the normalised text. Boundaries are sentence and clause punctuation (，。！？；,.!?;…~
 * and line breaks) and contrast words. A clause opened by a contrast word (但是/不过/可是/然而/只是/就是,
 * but/however/although/though) carries more weight, and the clauses before it in the same sentence less
 * (`contrastWeights`): "味道不错，但是送餐太慢了" leans negative.
 */
export interface Clause {
  start: number;
  end: number;
  /** Opened by a contrast word. */
  contrast: boolean;
  /** Index of the sentence (sentence-final punctuation 。！？.!?…~ or a line break ends one). */
  sentence: number;
}

/** How much a contrast clause counts, and the clauses before it in its sentence (calibrated, see model.ts). */
export interface ContrastWeights {
  later: number;
  earlier: number;
}

const PUNCT = new Set([...'，,。！!？?；;…~～\n\r、：:|（）()【】[]「」'].map((c) => c.charCodeAt(0)));
const PERIOD = 46; // '.' splits unless between digits (3.5分)

/** Contrast words that may appear anywhere in a clause. */
const ZH_CONTRAST_ANY = ['但是', '可是', '然而', '不过', '但'];
/** Contrast words that count only at the start of a clause ("不过如此" is not a contrast). */
const ZH_CONTRAST_START_ONLY = new Set(['不过', '只是', '就是', '可惜']);
const EN_CONTRAST = ['but', 'however', 'although', 'though', 'except'];
/** First characters of all contrast words: every other character is skipped at once. */
const CONTRAST_FIRST = new Set(
  [...ZH_CONTRAST_ANY, ...ZH_CONTRAST_START_ONLY, ...EN_CONTRAST].map((w) => w.charCodeAt(0)),
);

const SENTENCE_END = new Set([...'。！!？?…~～\n\r'].map((c) => c.charCodeAt(0)));

function isLatin(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/** Position after leading spaces of [start, end). */
function skipSpace(text: string, start: number, end: number): number {
  while (start < end && text.charCodeAt(start) <= 32) start++;
  return start;
}

/** Length of the contrast word starting at i (0 if none). `atStart`: i is the first non-space of a clause. */
function contrastAt(text: string, i: number, atStart: boolean): number {
  const c = text.charCodeAt(i);
  if (c >= 97 && c <= 122) {
    if (i > 0 && isLatin(text.charCodeAt(i - 1))) return 0;
    for (const w of EN_CONTRAST) {
      if (text.startsWith(w, i) && !isLatin(text.charCodeAt(i + w.length) || 0)) return w.length;
    }
    return 0;
  }
  if (c < 0x3400) return 0;
  if (atStart) for (const w of ZH_CONTRAST_START_ONLY) if (text.startsWith(w, i)) return w.length;
  for (const w of ZH_CONTRAST_ANY) {
    if (!text.startsWith(w, i)) continue;
    if (w === '不过' && !atStart) continue;
    // 不但 (not only), 但愿 (hopefully), 但凡 are not contrasts.
    if (w === '但' && (text.charCodeAt(i - 1) === 0x4e0d || /[愿凡]/.test(text[i + 1] ?? ''))) continue;
    return w.length;
  }
  return 0;
}

/** Splits normalised text into clauses (empty stretches dropped). */
export function splitClauses(text: string): Clause[] {
  const out: Clause[] = [];
  let start = 0;
  let contrastNext = false;
  let sentence = 0;
  const push = (end: number) => {
    const s = skipSpace(text, start, end);
    if (end > s) {
      out.push({ start: s, end, contrast: contrastNext, sentence });
      contrastNext = false;
    }
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const period = c === PERIOD && !(isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1)));
    if (PUNCT.has(c) || period) {
      push(i);
      start = i + 1;
      if ((period || SENTENCE_END.has(c)) && out.length > 0 && out[out.length - 1].sentence === sentence) sentence++;
      continue;
    }
    if (!CONTRAST_FIRST.has(c)) continue;
    const atStart = skipSpace(text, start, i) === i;
    const len = contrastAt(text, i, atStart);
    if (len > 0) {
      if (!atStart) push(i);
      else if (out.length === 0 && start === 0 && i === skipSpace(text, 0, text.length)) {
        // "但是…" opening the whole text has nothing to contrast with; keep its weight neutral.
        i += len - 1;
        continue;
      }
      contrastNext = true;
      start = i;
      i += len - 1;
    }
  }
  push(text.length);
  return out;
}

/**
 * Weight of each clause in a text's sentiment: a contrast clause counts `later`, each clause before it in the
 * same sentence is multiplied by `earlier` (several contrasts compound), everything else counts 1.
 */
export function contrastWeights(clauses: readonly Clause[], w: ContrastWeights): number[] {
  const out = new Array<number>(clauses.length).fill(1);
  for (let i = 0; i < clauses.length; i++) {
    if (!clauses[i].contrast) continue;
    out[i] = w.later;
    for (let j = i - 1; j >= 0 && clauses[j].sentence === clauses[i].sentence; j--) out[j] *= w.earlier;
  }
  return out;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
