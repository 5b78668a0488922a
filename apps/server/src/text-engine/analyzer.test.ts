import { describe, expect, it } from 'vitest';
import {
  createAnalyzer,
  extractOpinionPairs,
  industryPacks,
  modelInfo,
  normalize,
  posTag,
  restaurantTaxonomy,
  segment,
  type Taxonomy,
} from './index.ts';
import { getModel } from './model.ts';

const analyzer = createAnalyzer({ taxonomy: restaurantTaxonomy });
const analyze = (text: string, lang?: 'zh' | 'en' | 'auto') => analyzer.analyze(text, { lang });
const topic = (text: string, id: string) => analyze(text).topics.find((t) => t.topicId === id);

describe('sentiment of real comments', () => {
  it('negation flips an opinion word, 不错 stays positive', () => {
    expect(analyze('不好吃').sentiment.label).toBe('negative');
    expect(analyze('菜一点都不新鲜').sentiment.label).toBe('negative');
    expect(analyze('不错').sentiment.label).toBe('positive');
    expect(analyze('味道还不错，下次还来').sentiment.label).toBe('positive');
  });

  it('a double negative is not negative', () => {
    expect(analyze('没有不满意的地方').sentiment.label).not.toBe('negative');
  });

  it('contrast weighs the later clause; each topic takes the sentiment of its own clause', () => {
    const a = analyze('味道不错，但是送餐太慢了');
    expect(a.sentiment.score).toBeLessThan(0);
    expect(a.clauses).toBe(2);
    expect(a.topics.find((t) => t.topicId === 'taste')?.sentiment.label).toBe('positive');
    expect(a.topics.find((t) => t.topicId === 'delivery-speed')?.sentiment.label).toBe('negative');
  });

  it('a contrast word without punctuation still splits the clause', () => {
    const a = analyze('味道不错但是送餐太慢了');
    expect(a.clauses).toBe(2);
    expect(a.topics.find((t) => t.topicId === 'delivery-speed')?.sentiment.label).toBe('negative');
  });

  it('factual text without opinion words is neutral', () => {
    expect(analyze('我点了一份宫保鸡丁和一碗米饭').sentiment.label).toBe('neutral');
    expect(analyze('今天中午十二点下的单').sentiment.label).toBe('neutral');
    // No opinion word and a model under the gate: neutral whichever way the model leans, the lean inside the band.
    const band = getModel().calibration.neutralBand;
    for (const text of ['这次点了两个菜一个汤', '请问积分可以抵现吗', '慢死了！！！']) {
      const s = analyze(text).sentiment;
      expect(s.label).toBe('neutral');
      expect(Math.abs(s.score)).toBeLessThan(band);
    }
  });

  it('degree words strengthen', () => {
    expect(analyze('非常好吃').sentiment.score).toBeGreaterThan(analyze('有点好吃').sentiment.score);
  });
});

describe('normalisation keeps offsets into the original text', () => {
  it('traditional Chinese is converted for matching, offsets point into the input', () => {
    const text = '這家店的服務態度很差';
    const a = analyze(text);
    const t = a.topics.find((x) => x.topicId === 'service-attitude');
    expect(t?.sentiment.label).toBe('negative');
    expect(a.sentiment.label).toBe('negative');
    const m = t!.matches[0];
    expect(text.slice(m.start, m.end)).toBe('服務態度');
    expect(m.text).toBe('服務態度');
  });

  it('typographic apostrophes read as ASCII ones: negation of "don’t" as of "don\'t", offsets unchanged', () => {
    const curly = 'The waiter didn’t smile and I don’t like the soup';
    const a = analyze(curly);
    expect(a.sentiment).toEqual(analyze("The waiter didn't smile and I don't like the soup").sentiment);
    expect(a.sentiment.label).toBe('negative');
    expect(normalize('Don’t ‘quote’ ʼx')).toBe("don't 'quote' 'x");
    expect(normalize(curly)).toHaveLength(curly.length);
  });

  it('full-width letters and digits match half-width rules', () => {
    const text = '用ＡＰＰ点餐很方便，等了２０分钟';
    const a = analyze(text);
    const t = a.topics.find((x) => x.topicId === 'ordering-payment');
    expect(t).toBeDefined();
    expect(t!.matches.map((m) => m.text)).toContain('ＡＰＰ');
  });
});

describe('languages', () => {
  it('English: negative with temperature and service topics', () => {
    const a = analyze('The food was cold and the waiter was rude');
    expect(a.language).toBe('en');
    expect(a.sentiment.label).toBe('negative');
    const ids = a.topics.map((t) => t.topicId);
    expect(ids).toContain('temperature');
    expect(ids).toContain('service-attitude');
    expect(a.topics.find((t) => t.topicId === 'temperature')?.matches[0].text).toBe('cold');
  });

  it('English positive and contrast', () => {
    expect(analyze('Lovely staff and delicious dumplings!').sentiment.label).toBe('positive');
    const a = analyze('The noodles were tasty, but delivery took forever and the soup spilled.');
    expect(a.topics.find((t) => t.topicId === 'taste')?.sentiment.label).toBe('positive');
    expect(a.topics.find((t) => t.topicId === 'packaging')?.sentiment.label).toBe('negative');
  });

  it('English per-aspect polarity comes from the clause that mentions the aspect; contrast leans, praise still counts', () => {
    const a = analyze('The pasta was great but the waiter was rude');
    expect(a.topics.find((t) => t.topicId === 'dishes')?.sentiment.label).toBe('positive');
    expect(a.topics.find((t) => t.topicId === 'service-attitude')?.sentiment.label).toBe('negative');
    expect(a.sentiment.label).toBe('negative');
    // Balanced by the praise: before the per-clause cap it was −0.999, the score of a plain complaint.
    expect(a.sentiment.score).toBeGreaterThan(analyze('The waiter was rude').sentiment.score);
    expect(a.sentiment.score).toBeGreaterThan(-0.95);
  });

  it('English dishes and drinks match the food topics; an aspect in a clause without opinion reads the next clause', () => {
    for (const text of ['The sushi was amazing.', 'Their steak is cooked perfectly', 'Great cocktails and wine list']) {
      const ids = analyze(text).topics.map((t) => t.topicId);
      expect(ids, text).toContain('dishes');
    }
    const a = analyze('The food, which was above average, was fine');
    expect(a.topics.find((t) => t.topicId === 'dishes')?.sentiment.label).toBe('positive');
    expect(analyze('Prices are reasonable and the decor is lovely').topics.map((t) => t.topicId)).toEqual([
      'price',
      'environment',
    ]);
  });

  it('English review language: misspellings, idioms of praise and complaint, a factual mention is neutral', () => {
    expect(topic('The food was amazin', 'dishes')?.sentiment.label).toBe('positive');
    expect(topic('The food was aweful', 'dishes')?.sentiment.label).toBe('negative');
    expect(analyze('The tiramisu was to die for').sentiment.label).toBe('positive');
    expect(analyze('The steak melted in my mouth').sentiment.label).toBe('positive');
    expect(analyze('Killer sushi!').sentiment.label).toBe('positive');
    expect(topic('The bartender rocks', 'service-attitude')?.sentiment.label).toBe('positive');
    expect(topic('The waiter poured water on my hand and walked away', 'service-attitude')?.sentiment.label).toBe(
      'negative',
    );
    expect(analyze('Never again.').sentiment.label).toBe('negative');
    const factual = analyze('I ordered the pad thai.');
    expect(factual.sentiment.label).toBe('neutral');
    expect(factual.topics.find((t) => t.topicId === 'dishes')?.sentiment.label).toBe('neutral');
    // Idioms are read in English clauses only: a Chinese comment quoting English words keeps its own rules.
    expect(analyze('服务员说 no thanks，菜很好吃').sentiment.label).toBe('positive');
  });

  it('mixed Chinese and English', () => {
    const a = analyze('菜很好吃 but the delivery was really slow');
    expect(a.language).toBe('mixed');
    expect(a.topics.find((t) => t.topicId === 'taste')?.sentiment.label).toBe('positive');
    expect(a.topics.find((t) => t.topicId === 'delivery-speed')?.sentiment.label).toBe('negative');
  });

  it('a single English word in Chinese stays zh; forcing a language is honoured', () => {
    expect(analyze('我点了一个burger，很好吃').language).toBe('zh');
    expect(analyze('good', 'zh').language).toBe('zh');
  });
});

describe('taxonomy rules', () => {
  const taxonomy: Taxonomy = {
    topics: [
      {
        id: 'temp',
        name: '温度',
        rules: { zh: { include: ['凉'], exclude: ['凉菜'] }, en: { include: ['cold'], exclude: ['"cold drink"'] } },
      },
      { id: 'slow-delivery', name: '送餐慢', rules: { zh: { include: ['送餐 慢'] } } },
      { id: 'phrase', name: '短语', rules: { en: { include: ['"hot pot"', 'deliver*'] } } },
    ],
  };
  const a = createAnalyzer({ taxonomy });
  const ids = (text: string) => a.analyze(text).topics.map((t) => t.topicId);

  it('exclude wins within the clause only', () => {
    expect(ids('凉菜很好吃')).toEqual([]);
    expect(ids('凉菜很好吃，热菜都凉了')).toEqual(['temp']);
    expect(ids('I ordered a cold drink')).toEqual([]);
    expect(ids('my soup was cold')).toEqual(['temp']);
  });

  it('space-separated words must all occur in one clause', () => {
    expect(ids('送餐实在是太慢了')).toEqual(['slow-delivery']);
    expect(ids('送餐员很好，菜做得慢')).toEqual([]);
  });

  it('quoted phrases and prefixes; ASCII keywords match whole words', () => {
    expect(ids('Best hot pot in town')).toEqual(['phrase']);
    expect(ids('hot and a pot')).toEqual([]);
    expect(ids('Delivered in 20 minutes')).toEqual(['phrase']);
    expect(ids('they scolded me')).toEqual([]);
  });

  it('analyzers built for different taxonomies are independent (the cost of building one is a benchmark: bench text)', () => {
    const built = Array.from({ length: 50 }, () => createAnalyzer({ taxonomy: industryPacks.restaurant }));
    const first = built[0].analyze('味道不错，但是送餐太慢了');
    expect(first.topics.length).toBeGreaterThan(0);
    for (const a of built) expect(a.analyze('味道不错，但是送餐太慢了')).toEqual(first);
  });
});

describe('odd input never throws', () => {
  it.each([
    ['empty', ''],
    ['whitespace', '   \n\t '],
    ['emoji only', '👍👍👍'],
    ['punctuation only', '。。。！！？'],
    ['10,000 characters', '味道不错，但是送餐太慢了。'.repeat(770)],
    ['lone surrogate', 'abc\ud800def'],
  ])('%s', (_name, text) => {
    const a = analyze(text);
    expect(['zh', 'en', 'mixed']).toContain(a.language);
    expect(a.sentiment.score).toBeGreaterThanOrEqual(-1);
    expect(a.sentiment.score).toBeLessThanOrEqual(1);
  });

  it('emoji carry sentiment', () => {
    expect(analyze('👍👍👍').sentiment.label).toBe('positive');
  });
});

describe('keywords, segmentation, opinion pairs', () => {
  it('keywords are content words', () => {
    const a = analyze('宫保鸡丁太咸了，米饭也是凉的');
    expect(a.keywords.length).toBeGreaterThan(0);
    expect(a.keywords).not.toContain('了');
    expect(a.keywords).not.toContain('也');
  });

  it('segment and posTag', () => {
    expect(segment('味道不错，送餐太慢了')).toEqual(['味道', '不错', '送餐', '太慢', '了']);
    expect(posTag('味道不错')).toEqual([
      { word: '味道', tag: 'n' },
      { word: '不错', tag: 'a' },
    ]);
  });

  it('aspect–opinion pairs', () => {
    const pairs = extractOpinionPairs('味道一般，送餐速度太慢了，服务员态度不错');
    expect(pairs).toContainEqual({ aspect: '送餐速度', opinion: '太慢', polarity: 'negative' });
    expect(pairs).toContainEqual({ aspect: '服务员态度', opinion: '不错', polarity: 'positive' });
    expect(pairs.find((p) => p.aspect === '味道')?.opinion).toBe('一般');
  });
});

describe('industry packs', () => {
  it.each(Object.entries(industryPacks))('%s: unique slugs, zh and en keywords, valid parents', (_name, pack) => {
    const ids = new Set(pack.topics.map((t) => t.id));
    expect(ids.size).toBe(pack.topics.length);
    for (const t of pack.topics) {
      expect(t.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(t.nameEn).toBeTruthy();
      if (t.parentId) expect(ids.has(t.parentId)).toBe(true);
      const hasRules = (t.rules.zh?.include.length ?? 0) + (t.rules.en?.include.length ?? 0) > 0;
      if (hasRules) {
        expect(t.rules.zh?.include.length).toBeGreaterThan(0);
        expect(t.rules.en?.include.length).toBeGreaterThan(0);
      }
    }
    expect(() => createAnalyzer({ taxonomy: pack }).analyze('服务很好 service was great')).not.toThrow();
  });

  it('the restaurant pack has the promised topics', () => {
    const names = restaurantTaxonomy.topics.map((t) => t.name);
    for (const n of [
      '送餐速度',
      '味道',
      '服务态度',
      '分量',
      '温度',
      '价格',
      '准确性',
      '包装',
      '卫生',
      '环境',
      '排队等候',
      '食品安全',
    ]) {
      expect(names).toContain(n);
    }
    expect(restaurantTaxonomy).toBe(industryPacks.restaurant);
  });

  it('modelInfo reports a version', () => {
    expect(modelInfo().version).toBeTruthy();
  });
});

describe('restaurant topics on typical comments', () => {
  it.each([
    ['送餐太慢了，等了一个多小时', 'delivery-speed', 'negative'],
    ['饭菜送到都凉了', 'temperature', 'negative'],
    ['分量很足，吃得很饱', 'portion', 'positive'],
    ['价格有点贵', 'price', 'negative'],
    ['汤洒了一袋子', 'packaging', 'negative'],
    ['少送了一瓶可乐', 'order-accuracy', 'negative'],
    ['吃出了一根头发', 'hygiene', 'negative'],
    ['吃完拉肚子了', 'food-safety', 'negative'],
    ['排队排了四十分钟', 'queue-wait', 'negative'],
    ['服务员很热情', 'service-attitude', 'positive'],
  ])('%s → %s %s', (text, id, label) => {
    expect(topic(text, id)?.sentiment.label).toBe(label);
  });
});
