import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from './analyzer.ts';
import { DEFAULT_CALIBRATION, parseModel, type SentimentModel } from './model.ts';
import { enRestaurantExtra } from './train/en-extra.ts';
import { withModel } from './train/evaluate.ts';

// A tiny English model over made-up words no lexicon knows: "zorbles" and "blick away" carry weak evidence
// (|logit| 0.5, under the shared gate 0.75), as the small English model does for praise or complaint by description.
function model(fallbackLogit?: number): SentimentModel {
  return parseModel(
    {
      version: 'test',
      scale: 100,
      en: { bias: 0, lexicon: 0, features: ['blick', 'blick away', 'zorbles'].join('\n'), weights: [-20, -30, 50] },
      calibration: {
        ...DEFAULT_CALIBRATION,
        en: { modelWeight: 0.5, lexiconWeight: 1, ...(fallbackLogit === undefined ? {} : { fallbackLogit }) },
        opinionLogit: 0.75,
        lengthPower: 0,
        neutralBand: 0.1,
      },
    },
    0,
  );
}
const taxonomy = {
  topics: [
    {
      id: 'staff',
      name: 'Staff',
      parentId: null,
      rules: { zh: { include: ['服务员'], exclude: [] }, en: { include: ['bartender', 'waiter'] } },
    },
  ],
};
const analyze = (m: SentimentModel, text: string) =>
  withModel(m, () => createAnalyzer({ taxonomy }).analyze(text, { lang: 'en' }));

describe('English zero-evidence sentences (fallbackLogit)', () => {
  it('lean inside the neutral band under the shared gate alone, and take the model’s sign with the fallback', () => {
    // No gate: neutral, with the model's lean squeezed into the band (0.1 × tanh(½ · 0.5)).
    const leaning = analyze(model(), 'the bartender zorbles').sentiment;
    expect(leaning.label).toBe('neutral');
    expect(leaning.score).toBeCloseTo(0.1 * Math.tanh(0.25), 3);
    expect(analyze(model(), 'the waiter blick away').sentiment).toMatchObject({ label: 'neutral' });
    expect(analyze(model(), 'the waiter blick away').sentiment.score).toBeLessThan(0);
    // Words the model does not know: no lean at all.
    expect(analyze(model(), 'the bartender came').sentiment).toEqual({ label: 'neutral', score: 0 });
    const praised = analyze(model(0.25), 'the bartender zorbles');
    expect(praised.sentiment.score).toBeCloseTo(Math.tanh(0.25), 3);
    expect(praised.sentiment.label).toBe('positive');
    expect(analyze(model(0.25), 'the waiter blick away').sentiment.label).toBe('negative');
  });

  it('leaves topics on the gate: the topic of a zero-evidence sentence stays neutral', () => {
    const r = analyze(model(0.25), 'the bartender zorbles');
    expect(r.topics.map((t) => [t.topicId, t.sentiment.label])).toEqual([['staff', 'neutral']]);
  });

  it('counts only clauses past the fallback gate, and never a text that has a counting clause', () => {
    // |logit| 0.5 is under a fallback gate of 1: only the lean, inside the band.
    expect(analyze(model(1), 'the bartender zorbles').sentiment).toEqual(
      analyze(model(), 'the bartender zorbles').sentiment,
    );
    // "great" is an opinion word (VADER): the text counts normally and the weak clause stays out.
    const withOpinion = analyze(model(0), 'the food was great. the waiter blick away');
    const alone = analyze(model(0), 'the food was great');
    expect(withOpinion.sentiment.score).toBe(alone.sentiment.score);
  });
});

describe('hand-written English training lines', () => {
  it('drop every line near a held-out text (character-bigram Jaccard ≥ 0.5) and read neutral as ½', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'en-extra-')), 'extra.jsonl');
    const rows = [
      { text: 'The waiter poured water on my hand and walked away!', label: 'negative' },
      { text: 'the short rib melted in my mouth', label: 'positive' },
      { text: 'we sat at the bar', label: 'neutral' },
    ];
    writeFileSync(file, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const r = enRestaurantExtra(['the waiter poured water on my hand and then walked away.'], 1, file);
    expect(r.lines).toBe(3);
    expect(r.dropped).toEqual(['the waiter poured water on my hand and walked away!']);
    expect(r.examples.map((e) => [e.text, e.label])).toEqual([
      ['the short rib melted in my mouth', 1],
      ['we sat at the bar', 0.5],
    ]);
  });

  it('reject a line with an unknown label', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'en-extra-')), 'bad.jsonl');
    writeFileSync(file, '{"text":"ok","label":"meh"}\n');
    expect(() => enRestaurantExtra([], 1, file)).toThrow(/bad\.jsonl:1/);
  });
});
