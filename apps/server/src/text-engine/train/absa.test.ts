import { describe, expect, it } from 'vitest';
import { sharedDir } from '../../testing/shared-data.ts';
import { getModel } from '../model.ts';
import {
  type AbsaSentence,
  absaPart,
  absaSplit,
  aspectOf16,
  loadAbsa,
  mergeAbsa,
  parseSemEval14,
  parseSemEval16,
} from './absa.ts';
import { clauseExamples } from './build-model.ts';
import { evaluateAbsa } from './evaluate.ts';
import { detection, detectionScores, score } from './metrics.ts';

// The SemEval files are in ../shared/data/text (no licence to commit them): the one test that reads them skips
// without the folder; CI sets LOOPCX_REQUIRE_SHARED=1, under which a missing folder fails instead.
const DATA = sharedDir('data/text', 'the "English aspect split" test of absa.test.ts skips');

const XML16 = `<?xml version="1.0"?><Reviews><Review rid="1"><sentences>
<sentence id="1:0"><text>The pasta was great but the wine was pricey.</text><Opinions>
  <Opinion target="pasta" category="FOOD#QUALITY" polarity="positive" from="4" to="9"/>
  <Opinion target="wine" category="DRINKS#PRICES" polarity="negative" from="28" to="32"/>
</Opinions></sentence>
<sentence id="1:1"><text>Great staff &amp; rude manager.</text><Opinions>
  <Opinion target="staff" category="SERVICE#GENERAL" polarity="positive" from="6" to="11"/>
  <Opinion target="manager" category="SERVICE#GENERAL" polarity="negative" from="19" to="26"/>
</Opinions></sentence>
<sentence id="1:2" OutOfScope="TRUE"><text>Nothing here.</text></sentence>
<sentence id="1:3"><text>Nice place.</text><Opinions>
  <Opinion target="place" category="RESTAURANT#GENERAL" polarity="positive" from="5" to="10"/>
  <Opinion target="NULL" category="AMBIENCE#GENERAL" polarity="neutral" from="0" to="0"/>
</Opinions></sentence>
</sentences></Review></Reviews>`;

const XML14 = `<?xml version="1.0"?><sentences>
<sentence id="9"><text>Nice place.</text><aspectCategories><aspectCategory category="food" polarity="negative"/></aspectCategories></sentence>
<sentence id="10"><text>The sushi was fresh.</text>
  <aspectTerms><aspectTerm term="sushi" polarity="positive" from="4" to="9"/></aspectTerms>
  <aspectCategories><aspectCategory category="food" polarity="positive"/><aspectCategory category="anecdotes/miscellaneous" polarity="neutral"/></aspectCategories></sentence>
</sentences>`;

describe('English aspect data', () => {
  it('maps SemEval-16 categories: *#PRICES → price, FOOD/DRINKS → food, SERVICE, AMBIENCE; others none', () => {
    expect(aspectOf16('DRINKS#PRICES')).toBe('price');
    expect(aspectOf16('FOOD#STYLE_OPTIONS')).toBe('food');
    expect(aspectOf16('DRINKS#QUALITY')).toBe('food');
    expect(aspectOf16('SERVICE#GENERAL')).toBe('service');
    expect(aspectOf16('AMBIENCE#GENERAL')).toBe('ambience');
    expect(aspectOf16('RESTAURANT#GENERAL')).toBeUndefined();
    expect(aspectOf16('LOCATION#GENERAL')).toBeUndefined();
  });

  it('reads both schemes: aspects, conflicts, sentence polarity, targets; out-of-scope sentences dropped', () => {
    const s16 = parseSemEval16(XML16);
    expect(s16.map((s) => s.text)).toEqual([
      'the pasta was great but the wine was pricey.',
      'great staff & rude manager.',
      'nice place.',
    ]);
    expect(s16[0]).toMatchObject({ aspects: { food: 'positive', price: 'negative' } });
    expect(s16[0].polarity).toBeUndefined(); // mixed
    expect(s16[0].targets).toEqual([
      { term: 'pasta', aspect: 'food' },
      { term: 'wine', aspect: 'price' },
    ]);
    expect(s16[1].aspects).toEqual({ service: 'conflict' });
    // The clause around each target gives a training example when the sentence has no one polarity.
    expect(clauseExamples(s16[0]).map((e) => [e.text, e.label])).toEqual([
      ['the pasta was great', 1],
      ['but the wine was pricey', 0],
    ]);
    expect(clauseExamples(s16[2])).toEqual([]); // polar sentence, no target
    expect(s16[2]).toMatchObject({ aspects: { ambience: 'neutral' }, polarity: 'positive', targets: [] });
    const s14 = parseSemEval14(XML14);
    expect(s14[1]).toMatchObject({ aspects: { food: 'positive' }, polarity: 'positive' });
    expect(s14[1].targets).toEqual([{ term: 'sushi', aspect: 'food' }]);
    // SemEval-16 labels win for a sentence in both files.
    const merged = mergeAbsa(s16, s14);
    expect(merged).toHaveLength(4);
    expect(merged.find((s) => s.text === 'nice place.')?.source).toBe('semeval16');
  });

  it('decodes character references in texts and targets; the split key stays the text as read before', () => {
    const xml = `<?xml version="1.0"?><Reviews><Review rid="2"><sentences>
<sentence id="2:0"><text>Don&#8217;t go &#x2013; the d&#233;cor is sad.</text><Opinions>
  <Opinion target="d&#233;cor" category="AMBIENCE#GENERAL" polarity="negative" from="18" to="23"/>
</Opinions></sentence>
<sentence id="2:1"><text>Great sushi &amp;#38; sake.</text></sentence>
</sentences></Review></Reviews>`;
    const [s, plain] = parseSemEval16(xml);
    // The apostrophe is folded to ASCII by the analyzer's normalisation, so negation reads "don't".
    expect(s.text).toBe("don't go – the décor is sad.");
    expect(s.targetPolarities).toEqual([{ term: 'décor', polarity: 'negative' }]);
    expect(s.splitKey).toBe('don&#8217;t go &#x2013; the d&#233;cor is sad.');
    expect(absaPart(s)).toBe(absaPart(s.splitKey!));
    // A text without references has no split key of its own.
    expect(plain.text).toBe('great sushi &#38; sake.'); // &amp; is decoded once, not twice
    expect(plain.splitKey).toBeUndefined();
    expect(absaPart(plain)).toBe(absaPart(plain.text));
  });

  it('splits by a hash of the text: the same text always lands in the same part, about 70/10/20', () => {
    const texts = Array.from({ length: 4000 }, (_, i) => `sentence number ${i} about the food`);
    const parts = texts.map(absaPart);
    expect(texts.map(absaPart)).toEqual(parts);
    const share = (p: string) => parts.filter((x) => x === p).length / texts.length;
    expect(share('train')).toBeGreaterThan(0.66);
    expect(share('train')).toBeLessThan(0.74);
    expect(share('dev')).toBeGreaterThan(0.08);
    expect(share('dev')).toBeLessThan(0.12);
    expect(share('test')).toBeGreaterThan(0.17);
    expect(share('test')).toBeLessThan(0.23);
  });

  it.skipIf(!DATA)('English aspect split: de-duplicated, every sentence in exactly one part', () => {
    const all = loadAbsa(DATA!);
    expect(new Set(all.map((s) => s.text)).size).toBe(all.length);
    const parts = (['train', 'dev', 'test'] as const).map((p) => absaSplit(all, p));
    expect(parts.reduce((n, p) => n + p.length, 0)).toBe(all.length);
    expect(parts[2].length / all.length).toBeGreaterThan(0.17);
    expect(parts[2].length / all.length).toBeLessThan(0.23);
    // Both files contribute; 2014 sentences that are also in 2016 keep the 2016 labels (one copy).
    expect(all.some((s) => s.source === 'semeval14')).toBe(true);
    expect(all.some((s) => s.source === 'semeval16')).toBe(true);
  });
});

describe('eval metrics', () => {
  it('P/R/F1 from counts', () => {
    // 3 right of 4 predicted, 6 gold: P 0.75, R 0.5, F1 2·0.75·0.5/1.25 = 0.6.
    expect(detection(3, 4, 6)).toEqual({ tp: 3, predicted: 4, gold: 6, precision: 0.75, recall: 0.5, f1: 0.6 });
    expect(detection(0, 0, 2)).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });

  it('multi-label detection per class and micro-averaged (hand-computed)', () => {
    const set = (...xs: string[]) => new Set(xs);
    const r = detectionScores(
      ['food', 'service', 'price'],
      [
        { gold: set('food', 'service'), predicted: set('food') }, // food tp, service fn
        { gold: set('food'), predicted: set('food', 'price') }, // food tp, price fp
        { gold: set('price'), predicted: set() }, // price fn
        { gold: set(), predicted: set('service') }, // service fp
      ],
    );
    expect(r.perClass.food).toMatchObject({ tp: 2, predicted: 2, gold: 2, precision: 1, recall: 1, f1: 1 });
    expect(r.perClass.service).toMatchObject({ tp: 0, predicted: 1, gold: 1, f1: 0 });
    expect(r.perClass.price).toMatchObject({ tp: 0, predicted: 1, gold: 1, f1: 0 });
    // micro: tp 2, predicted 4, gold 4 → P = R = F1 = 0.5.
    expect(r.micro).toMatchObject({ tp: 2, predicted: 4, gold: 4, precision: 0.5, recall: 0.5, f1: 0.5 });
  });

  it('three-class macro-F1 of aspect polarity (hand-computed)', () => {
    const s = score([
      { gold: 'positive', predicted: 'positive' },
      { gold: 'positive', predicted: 'neutral' },
      { gold: 'negative', predicted: 'negative' },
      { gold: 'neutral', predicted: 'positive' },
    ]);
    // positive P 1/2 R 1/2 F1 0.5; negative 1/1 → 1; neutral P 0/1 R 0/1 → 0. Macro (0.5 + 1 + 0) / 3 = 0.5.
    expect(s.macroF1).toBe(0.5);
    expect(s.accuracy).toBe(0.5);
  });

  it('evaluateAbsa: per-aspect polarity from the clause that mentions the aspect', () => {
    const sentences: AbsaSentence[] = [
      {
        text: 'the pasta was great but the waiter was rude.',
        source: 'semeval16',
        aspects: { food: 'positive', service: 'negative' },
        targets: [],
      },
      {
        text: 'the prices are fair.',
        source: 'semeval16',
        aspects: { price: 'positive' },
        targets: [],
        polarity: 'positive',
      },
      {
        text: 'lovely decor.',
        source: 'semeval16',
        aspects: { ambience: 'positive' },
        targets: [],
        polarity: 'positive',
      },
    ];
    const r = evaluateAbsa(getModel(), sentences);
    expect(r.detection.micro).toMatchObject({ tp: 4, predicted: 4, gold: 4, f1: 1 });
    expect(r.aspectPolarity.accuracy).toBe(1);
    expect(r.aspectPolarity.confusion.negative.negative).toBe(1);
    expect(r.aspectPolarityGold).toBe(4);
    expect(r.sentence.n).toBe(2); // the mixed sentence has no sentence polarity
    expect(r.sentence.polarityAccuracy).toBe(1);
  });
});
