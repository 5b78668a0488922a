import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { detectLanguage } from '../language.ts';
import { normalize } from '../normalize.ts';

/** One labelled text. `label`: 1 positive, 0 negative, 0.5 neutral (only corrections carry neutral). */
export interface Example {
  text: string;
  label: 0 | 0.5 | 1;
  lang: 'zh' | 'en';
  /** Where it came from: `shopping:<category>`, `hotel`, `uci:amazon`, `uci:imdb`, `correction`. */
  source: string;
  /** Sample weight in training (corrections weigh more). */
  weight: number;
}

export interface CorpusStats {
  rows: Record<string, number>;
  /** Rows dropped because the same normalised text was already seen with the same label. */
  duplicates: number;
  /** Texts dropped because copies disagree on the label. */
  conflicting: number;
  empty: number;
  unique: number;
}

/** The dedup key: the analyzer's normalisation, BOM and whitespace folded. */
export function dedupKey(text: string): string {
  return normalize(text.replace(/\ufeff/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}

const FILES = {
  shopping: 'online_shopping_10_cats.csv',
  hotel: 'ChnSentiCorp_htl_all.csv',
  amazon: 'uci_amazon_labelled.txt',
  imdb: 'uci_imdb_labelled.txt',
} as const;

function csv(path: string): Array<Record<string, string>> {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8').replace(/^\ufeff/, ''), {
    header: true,
    skipEmptyLines: true,
  });
  return parsed.data;
}

/**
 * Reads `../shared/data/text` (see its README) in a fixed order and de-duplicates **before** any split: about
 * 5,574 hotel reviews appear both in ChnSentiCorp_htl_all and as the 酒店 category of online_shopping_10_cats,
 * and other exact repeats exist. The first copy is kept (the hotel corpus is read first, so a hotel review keeps
 * `source: 'hotel'`); a text whose copies disagree on the label is dropped altogether.
 */
export function loadCorpus(dir: string): { examples: Example[]; stats: CorpusStats } {
  for (const f of Object.values(FILES)) {
    if (!existsSync(join(dir, f)))
      throw new Error(`training data not found: ${join(dir, f)} (see ../shared/data/text/README.md)`);
  }
  const raw: Example[] = [];
  const rows: Record<string, number> = {};
  const count = (k: string) => {
    rows[k] = (rows[k] ?? 0) + 1;
  };
  for (const r of csv(join(dir, FILES.hotel))) {
    count('ChnSentiCorp_htl_all');
    raw.push({ text: r.review ?? '', label: r.label === '1' ? 1 : 0, lang: 'zh', source: 'hotel', weight: 1 });
  }
  for (const r of csv(join(dir, FILES.shopping))) {
    count('online_shopping_10_cats');
    const source = r.cat === '酒店' ? 'hotel' : `shopping:${r.cat}`;
    raw.push({ text: r.review ?? '', label: r.label === '1' ? 1 : 0, lang: 'zh', source, weight: 1 });
  }
  for (const [name, file] of [
    ['amazon', FILES.amazon],
    ['imdb', FILES.imdb],
  ] as const) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const tab = line.lastIndexOf('\t');
      if (tab < 0) continue;
      count(`uci_${name}_labelled`);
      const label = line.slice(tab + 1).trim() === '1' ? 1 : 0;
      raw.push({ text: line.slice(0, tab), label, lang: 'en', source: `uci:${name}`, weight: 1 });
    }
  }
  return dedupe(raw, rows);
}

/** Drops empty texts, exact repeats (same normalised text) and texts whose copies disagree on the label. */
export function dedupe(raw: Example[], rows: Record<string, number> = {}): { examples: Example[]; stats: CorpusStats } {
  const first = new Map<string, { ex: Example; conflict: boolean }>();
  let duplicates = 0;
  let empty = 0;
  for (const ex of raw) {
    const key = dedupKey(ex.text);
    if (!key) {
      empty++;
      continue;
    }
    const seen = first.get(key);
    if (!seen) first.set(key, { ex: { ...ex, text: key }, conflict: false });
    else {
      duplicates++;
      if (seen.ex.label !== ex.label) seen.conflict = true;
    }
  }
  const examples: Example[] = [];
  let conflicting = 0;
  for (const { ex, conflict } of first.values()) {
    if (conflict) conflicting++;
    else examples.push(ex);
  }
  return { examples, stats: { rows, duplicates, conflicting, empty, unique: examples.length } };
}

/** FNV-1a over UTF-16 code units, mixed with a seed; a stable [0, 1) draw per text independent of file order. */
export function draw(key: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // Final avalanche (murmur3 fmix32) so neighbouring keys spread evenly.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 0x100000000;
}

export interface Split {
  train: Example[];
  validation: Example[];
  test: Example[];
}

/**
 * Deterministic split by a seeded hash of the de-duplicated text: `testShare` held out for the final evaluation,
 * `validationShare` of the rest for tuning the calibration, the remainder for training. A text always lands in the
 * same part whatever the file order, so adding data does not reshuffle the held-out set.
 */
export function split(examples: Example[], seed: number, testShare = 0.15, validationShare = 0.1): Split {
  const out: Split = { train: [], validation: [], test: [] };
  for (const ex of examples) {
    const u = draw(ex.text, seed);
    if (u < testShare) out.test.push(ex);
    else if (u < testShare + (1 - testShare) * validationShare) out.validation.push(ex);
    else out.train.push(ex);
  }
  return out;
}

/** Corrections exported by `loopcx text export-corrections` or `GET /api/v1/text/corrections/export`. */
export function parseCorrections(jsonl: string, file: string, weight: number): Example[] {
  const out: Example[] = [];
  const lines = jsonl.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new Error(`${file}:${i + 1}: not JSON`);
    }
    const r = row as { text?: unknown; label?: unknown };
    if (typeof r.text !== 'string' || !['negative', 'neutral', 'positive'].includes(String(r.label))) {
      throw new Error(`${file}:${i + 1}: expected {"text": string, "label": "negative"|"neutral"|"positive"}`);
    }
    const text = dedupKey(r.text);
    if (!text) continue;
    const label = r.label === 'positive' ? 1 : r.label === 'negative' ? 0 : 0.5;
    out.push({ text, label, lang: detectLanguage(text) === 'en' ? 'en' : 'zh', source: 'correction', weight });
  }
  return out;
}

/** Character bigrams of a text's dedup key, white space removed (a one-character text is its own shingle). */
export function charBigrams(text: string): Set<string> {
  const s = dedupKey(text).replace(/\s+/g, '');
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2));
  if (out.size === 0) out.add(s);
  return out;
}

/**
 * Keeps hand-written training text away from held-out text: `near(text)` is true when the text's character-bigram
 * Jaccard with any of `held` is at least `threshold` (zh-sets.ts and en-extra.ts drop such lines).
 */
export function nearTextFilter(held: readonly string[], threshold: number): { near(text: string): boolean } {
  const sets = held.map(charBigrams);
  return {
    near(text: string) {
      const b = charBigrams(text);
      return sets.some((h) => {
        let common = 0;
        for (const g of b) if (h.has(g)) common++;
        return common / (b.size + h.size - common) >= threshold;
      });
    },
  };
}
