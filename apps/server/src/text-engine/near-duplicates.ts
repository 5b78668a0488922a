import { normalize } from './normalize.ts';

/**
 * Near-duplicate detection: "the same complaint 200 times is one cluster with a count". Near-duplicate means the
 * same wording with small edits (punctuation, a word added or dropped, 繁/简, full-width, case) — not the same topic.
 *
 * A text's shingle set is taken over its analyser-normalised form with punctuation, spaces and emoji dropped:
 * character bigrams for Chinese (送餐太慢了等了一个小时 → 送餐, 餐太, …), word bigrams (plus the words themselves
 * for texts of fewer than five words) for other languages. Two texts are near-duplicates when the Jaccard
 * similarity of their shingle sets is at least {@link NEAR_DUPLICATE_JACCARD}.
 *
 * Lookup is MinHash + LSH: {@link BANDS} bands of {@link ROWS} min-hashes each; each band becomes a key string, and
 * texts sharing any key are candidates (P(candidate) ≈ 1 − (1 − J³)¹⁰: 0.996 at J = 0.75, 0.91 at J = 0.6, 1 % at
 * J = 0.1). Candidates are then verified with the exact Jaccard of the two texts, so LSH only decides what is
 * compared, never what matches.
 */
export const NEAR_DUPLICATE_JACCARD = 0.6;
export const BANDS = 10;
export const ROWS = 3;
/** Texts shorter than this many shingles ("好", "ok", "no") are not clustered: they repeat without being a need. */
export const MIN_SHINGLES = 3;

const HASHES = BANDS * ROWS;
// Fixed odd multipliers and offsets of the HASHES hash functions (deterministic: band keys are stored).
const MUL = new Uint32Array(HASHES);
const ADD = new Uint32Array(HASHES);
{
  let s = 0x9e3779b9;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
  for (let i = 0; i < HASHES; i++) {
    MUL[i] = next() | 1;
    ADD[i] = next();
  }
}

function isHan(c: number) {
  return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
}
function isWordChar(c: number) {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 0xc0 && c <= 0x24f);
}

/** The text reduced to what wording comparison reads: Han characters and lower-case words, in order. */
export function duplicateTokens(text: string): { han: string; words: string[] } {
  const norm = normalize(typeof text === 'string' ? text.slice(0, 2000) : '');
  let han = '';
  const words: string[] = [];
  let word = '';
  for (let i = 0; i < norm.length; i++) {
    const c = norm.charCodeAt(i);
    if (isWordChar(c)) {
      word += norm[i];
      continue;
    }
    if (word) {
      words.push(word);
      word = '';
    }
    if (isHan(c)) han += norm[i];
  }
  if (word) words.push(word);
  return { han, words };
}

/** The shingle set of a text (see the module comment); empty for texts too short to cluster. */
export function shingles(text: string): Set<string> {
  const { han, words } = duplicateTokens(text);
  const out = new Set<string>();
  if (han.length >= words.length) {
    // Chinese: character bigrams; Latin words mixed in ("app闪退") count as one shingle each.
    for (let i = 0; i + 1 < han.length; i++) out.add(han.slice(i, i + 2));
    for (const w of words) out.add(w);
  } else {
    for (let i = 0; i + 1 < words.length; i++) out.add(`${words[i]} ${words[i + 1]}`);
    if (words.length < 5) for (const w of words) out.add(w);
  }
  return out.size >= MIN_SHINGLES ? out : new Set();
}

/** Exact Jaccard similarity of two shingle sets (0 when either is empty). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let inter = 0;
  for (const s of small) if (large.has(s)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Whether two texts are near-duplicates (same wording with small edits, or exact copies). */
export function nearDuplicates(a: string, b: string): boolean {
  return jaccard(shingles(a), shingles(b)) >= NEAR_DUPLICATE_JACCARD;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The LSH band keys of a shingle set ("b3:1k2j3h…"); empty for an empty set. */
export function bandKeys(set: ReadonlySet<string>): string[] {
  if (set.size === 0) return [];
  const min = new Uint32Array(HASHES).fill(0xffffffff);
  for (const s of set) {
    const h = fnv1a(s);
    for (let i = 0; i < HASHES; i++) {
      const v = (Math.imul(h, MUL[i]) + ADD[i]) >>> 0;
      // A final avalanche so nearby base hashes do not give ordered min-hashes.
      const x = Math.imul(v ^ (v >>> 15), 0x2c1b3c6d) >>> 0;
      const y = (x ^ (x >>> 12)) >>> 0;
      if (y < min[i]) min[i] = y;
    }
  }
  const keys: string[] = new Array(BANDS);
  for (let b = 0; b < BANDS; b++) {
    let k = `b${b}:`;
    for (let r = 0; r < ROWS; r++) k += min[b * ROWS + r].toString(36).padStart(7, '0');
    keys[b] = k;
  }
  return keys;
}

/** Shingles and band keys of one text, as the cluster assignment stores and compares them. */
export interface DuplicateSignature {
  shingles: Set<string>;
  bands: string[];
}

export function signatureOf(text: string): DuplicateSignature {
  const set = shingles(text);
  return { shingles: set, bands: bandKeys(set) };
}

/** A cluster a text may join: its id, band keys and the representative's shingles (computed by the caller). */
export interface ClusterCandidate {
  id: string;
  bands: readonly string[];
  shingles: ReadonlySet<string>;
}

/**
 * Assigns each signature to the most similar candidate sharing a band key with it (exact Jaccard ≥ threshold), or
 * opens a new cluster (`newId()`) that later signatures of the same batch can join. `null` for texts too short to
 * cluster. Pure: the caller loads the candidates and writes the new clusters.
 */
export function assignClusters(
  signatures: readonly DuplicateSignature[],
  candidates: readonly ClusterCandidate[],
  newId: () => string,
): { assigned: Array<string | null>; created: Array<{ id: string; index: number }> } {
  const byBand = new Map<string, ClusterCandidate[]>();
  const index = (c: ClusterCandidate) => {
    for (const b of c.bands) {
      const list = byBand.get(b);
      if (list) list.push(c);
      else byBand.set(b, [c]);
    }
  };
  for (const c of candidates) index(c);
  const assigned: Array<string | null> = [];
  const created: Array<{ id: string; index: number }> = [];
  signatures.forEach((sig, i) => {
    if (sig.bands.length === 0) {
      assigned.push(null);
      return;
    }
    let best: ClusterCandidate | null = null;
    let bestJ = NEAR_DUPLICATE_JACCARD;
    const seen = new Set<ClusterCandidate>();
    for (const b of sig.bands)
      for (const c of byBand.get(b) ?? []) {
        if (seen.has(c)) continue;
        seen.add(c);
        const j = jaccard(sig.shingles, c.shingles);
        if (j >= bestJ && (!best || j > bestJ || c.id < best.id)) {
          best = c;
          bestJ = j;
        }
      }
    if (best) {
      assigned.push(best.id);
      return;
    }
    const id = newId();
    index({ id, bands: sig.bands, shingles: sig.shingles });
    created.push({ id, index: i });
    assigned.push(id);
  });
  return { assigned, created };
}
