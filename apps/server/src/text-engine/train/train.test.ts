import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sharedDir } from '../../testing/shared-data.ts';
import { createAnalyzer } from '../analyzer.ts';
import type { SentimentModel } from '../model.ts';
import { trainSentimentModel } from './build-model.ts';
import { dedupe, type Example, parseCorrections, split } from './corpus.ts';
import { withModel } from './evaluate.ts';
import { score } from './metrics.ts';

// The training corpus is ../shared/data/text: its sources state no licence (scraped from commercial sites), so the
// repository cannot carry even a sample of it. Without it the two tests that train a model skip; CI has it and
// sets LOOPCX_REQUIRE_SHARED=1, under which a missing folder fails the run instead.
const DATA = sharedDir(
  'data/text',
  'the 2 "training" tests of train.test.ts skip (its licence does not allow a committed copy)',
);
// About 4 % of the corpus: a real run of the whole pipeline in a few seconds.
const SAMPLE = 0.04;

const ex = (text: string, label: 0 | 1, source = 'shopping:书籍'): Example => ({
  text,
  label,
  lang: 'zh',
  source,
  weight: 1,
});
const labelWith = (model: SentimentModel, texts: string[]) =>
  withModel(model, () => {
    const a = createAnalyzer({ taxonomy: { topics: [] } });
    return texts.map((t) => a.analyze(t).sentiment.label);
  });

describe('corpus', () => {
  it('drops exact repeats (after normalisation) before splitting, and texts whose copies disagree', () => {
    const { examples, stats } = dedupe([
      ex('\ufeff房间很干净', 1, 'hotel'),
      ex('房間很乾淨 ', 1, 'shopping:酒店'),
      ex('还行吧', 1),
      ex('还行吧', 0),
      ex('   ', 1),
      ex('物流太慢', 0),
    ]);
    expect(examples.map((e) => [e.text, e.source])).toEqual([
      ['房间很干净', 'hotel'],
      ['物流太慢', 'shopping:书籍'],
    ]);
    expect(stats).toMatchObject({ duplicates: 2, conflicting: 1, empty: 1, unique: 2 });
  });

  it('the split is seeded, independent of input order, and keeps every text in one part', () => {
    const xs = Array.from({ length: 2000 }, (_, i) => ex(`评论${i}`, (i % 2) as 0 | 1));
    const a = split(xs, 7);
    const b = split([...xs].reverse(), 7);
    const names = (p: Example[]) => p.map((e) => e.text).sort();
    expect(names(a.test)).toEqual(names(b.test));
    expect(names(a.validation)).toEqual(names(b.validation));
    expect(a.train.length + a.validation.length + a.test.length).toBe(2000);
    expect(a.test.length).toBeGreaterThan(230);
    expect(a.test.length).toBeLessThan(370);
    expect(names(split(xs, 8).test)).not.toEqual(names(a.test));
  });

  it('reads corrections exported by the console or the CLI, and says which line is wrong', () => {
    const list = parseCorrections(
      '{"text":"包装挺好的，没有洒","label":"negative"}\n\n{"text":"OK","label":"neutral"}\n',
      'c.jsonl',
      20,
    );
    expect(list).toEqual([
      { text: '包装挺好的,没有洒', label: 0, lang: 'zh', source: 'correction', weight: 20 },
      { text: 'ok', label: 0.5, lang: 'en', source: 'correction', weight: 20 },
    ]);
    expect(() => parseCorrections('{"text":"x","label":"bad"}', 'c.jsonl', 1)).toThrow('c.jsonl:1: expected');
    expect(() => parseCorrections('{"text":"x"', 'c.jsonl', 1)).toThrow('c.jsonl:1: not JSON');
  });
});

describe.skipIf(!DATA)(DATA ? 'training' : 'training (skipped: needs ../shared/data/text beside the checkout)', () => {
  const dataDir = DATA as string;
  it('is reproducible: the same data gives a byte-identical model file', () => {
    const a = trainSentimentModel({ dataDir, sample: SAMPLE });
    const b = trainSentimentModel({ dataDir, sample: SAMPLE });
    expect(a.gz.equals(b.gz)).toBe(true);
    const file = JSON.parse(gunzipSync(a.gz).toString('utf8'));
    expect(file.version).toMatch(/^sentiment-[0-9a-f]{12}$/);
    expect(file.zh.features.split('\n').length).toBe(file.zh.weights.length);
    expect(file.zh.weights.length).toBeGreaterThan(1000);
    expect(file.zh.bias).toBe(0);
    expect(file.training.split.test.zh).toBeGreaterThan(200);
  });

  it('user corrections change what the retrained model says about those texts', () => {
    // Texts the corpus-only model gets "wrong" by the tenant's standard, as a person would correct them.
    const texts = ['包装挺好的，没有洒，就是分量太少不够吃', '这家的酸菜鱼还可以吧', '送餐小哥跑错了三次地址'];
    const labels = ['negative', 'positive', 'positive'] as const;
    const base = trainSentimentModel({ dataDir, sample: SAMPLE });
    const before = labelWith(base.model, texts);
    const jsonl = texts.map((text, i) => JSON.stringify({ text, label: labels[i] })).join('\n');
    const corrected = trainSentimentModel({
      dataDir,
      sample: SAMPLE,
      corrections: parseCorrections(jsonl, 'corrections.jsonl', 20),
    });
    const after = labelWith(corrected.model, texts);
    expect(before).not.toEqual([...labels]);
    expect(after).toEqual([...labels]);
    expect(corrected.gz.equals(base.gz)).toBe(false);
    expect((corrected.file.training as { corrections: number }).corrections).toBe(3);
    // The rest of the model is not wrecked by three corrections.
    const heldOut = ['质量很好，物流也快', '太差了，再也不买了', '非常满意，推荐购买', '用了两天就坏了，退货'];
    expect(
      score(
        labelWith(corrected.model, heldOut).map((p, i) => ({ gold: i % 2 ? 'negative' : 'positive', predicted: p })),
      ).accuracy,
    ).toBe(1);
  });
});
