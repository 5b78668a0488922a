/**
 * Clause split over the normalised text. Boundaries are sentence and clause punctuation (，。！？；,.!?;…~
 * and line breaks) and contrast words. A clause opened by a contrast word (但是/不过/可是/然而/只是/就是,
 * but/however/although/though) carries more weight, and the clauses before it in the same text less:
 * "味道不错，但是送餐太慢了" leans negative.
 */
export interface Clause {
  start: number;
  end: number;
  /** Relative weight in the overall sentiment (contrast: later clause up, earlier clauses down). */
  weight: number;
}

const PUNCT = new Set([...'，,。！!？?；;…~～\n\r、：:|（）()【】[]「」'].map((c) => c.charCodeAt(0)));
const PERIOD = 46; // '.' splits unless between digits (3.5分)

/** Contrast words that may appear anywhere in a clause. */
const ZH_CONTRAST_ANY = ['但是', '可是', '然而', '不过', '但'];
/** Contrast words that count only at the start of a clause ("不过如此" is not a contrast). */
const ZH_CONTRAST_START_ONLY = new Set(['不过', '只是', '就是', '可惜']);
const EN_CONTRAST = ['but', 'however', 'although', 'though', 'except'];

const CONTRAST_LATER = 1.5;
const CONTRAST_EARLIER = 0.5;

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
  const push = (end: number) => {
    const s = skipSpace(text, start, end);
    if (end > s) {
      if (contrastNext) {
        for (const c of out) c.weight *= CONTRAST_EARLIER;
        out.push({ start: s, end, weight: CONTRAST_LATER });
      } else out.push({ start: s, end, weight: 1 });
      contrastNext = false;
    }
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (PUNCT.has(c) || (c === PERIOD && !(isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1))))) {
      push(i);
      start = i + 1;
      continue;
    }
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

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
