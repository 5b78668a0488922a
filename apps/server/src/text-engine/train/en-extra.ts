import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dedupKey, type Example, nearTextFilter } from './corpus.ts';
import { EXTRA_MAX_OVERLAP } from './zh-sets.ts';

/*
 * English restaurant-review sentences written for the project (issue 24, MODEL.md "English sentence polarity,
 * second slice"): praise and complaint by description and idiom, misspellings, sarcasm, comparisons, contrast,
 * plus plain statements of fact. Training only; the SemEval split and the UCI held-out texts never see them.
 */
export const EN_RESTAURANT_EXTRA = join(dirname(fileURLToPath(import.meta.url)), 'en-restaurant-extra.jsonl');

/**
 * A later writer's neutral English lines (issue 24, with the Chinese ones of zh-sets.ts `ZH_NEUTRAL`): what was
 * ordered, who came, how it was paid, questions to the business — soft ½ targets through the same filter.
 */
export const EN_NEUTRAL = join(dirname(fileURLToPath(import.meta.url)), 'en-neutral.jsonl');

const LABEL = { positive: 1, negative: 0, neutral: 0.5 } as const;

export interface EnExtra {
  examples: Example[];
  /** Lines in the file. */
  lines: number;
  /** Lines dropped for coming near a held-out text (character-bigram Jaccard ≥ EXTRA_MAX_OVERLAP). */
  dropped: string[];
}

/**
 * The written lines as training examples — positive 1, negative 0, neutral ½ (a soft target, as neutral
 * corrections are) — minus every line near one of `held` (the dev and test texts: two writers of short
 * restaurant sentences produce near-copies, and the held-out parts must stay unseen).
 */
export function enRestaurantExtra(held: readonly string[], weight: number, file = EN_RESTAURANT_EXTRA): EnExtra {
  const near = nearTextFilter(held, EXTRA_MAX_OVERLAP);
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  const out: EnExtra = { examples: [], lines: rows.length, dropped: [] };
  rows.forEach((line, i) => {
    let r: { text?: unknown; label?: unknown };
    try {
      r = JSON.parse(line);
    } catch {
      throw new Error(`${file}:${i + 1}: not JSON`);
    }
    if (typeof r.text !== 'string' || !(String(r.label) in LABEL))
      throw new Error(`${file}:${i + 1}: expected {"text": string, "label": "positive"|"negative"|"neutral"}`);
    const text = dedupKey(r.text);
    if (near.near(text)) {
      out.dropped.push(text);
      return;
    }
    const label = LABEL[r.label as keyof typeof LABEL];
    out.examples.push({ text, label, lang: 'en', source: 'en:extra', weight });
  });
  return out;
}
