import { describe, expect, it } from 'vitest';
import { createAnalyzer, restaurantTaxonomy } from './index.ts';
import { loadZhAspects, loadZhPolar, partOf, ZH_SETS, zhPart } from './train/zh-sets.ts';

// Issue 24, Chinese: behaviours of the shipped model and rules that a CX manager sees on takeaway, Weibo-style
// and restaurant comments (MODEL.md "Chinese goals").
const analyzer = createAnalyzer({ taxonomy: restaurantTaxonomy });
const analyze = (text: string) => analyzer.analyze(text);
const topic = (text: string, id: string) => analyze(text).topics.find((t) => t.topicId === id)?.sentiment;

describe('Chinese takeaway and restaurant comments', () => {
  it('a short complaint without a strong word is negative, not neutral', () => {
    expect(analyze('送餐太慢').sentiment.label).toBe('negative');
    expect(analyze('外卖又洒了').sentiment.label).toBe('negative');
    expect(analyze('点了个寂寞').sentiment.label).toBe('negative');
  });

  it('a complaint that only states a count, a wait or a missing item is negative; a plain report stays neutral', () => {
    expect(analyze('汤里的虾仁就三个').sentiment.label).toBe('negative');
    expect(analyze('寿司才六个').sentiment.label).toBe('negative');
    expect(analyze('等了一个钟头').sentiment.label).toBe('negative');
    expect(analyze('醋包没给').sentiment.label).toBe('negative');
    expect(analyze('奶茶送错了').sentiment.label).toBe('negative');
    // The same numbers and dishes without a limiter, a wait or a missing item: nothing to complain about.
    expect(analyze('点了两份米饭一份汤').sentiment.label).toBe('neutral');
    expect(analyze('下单是晚上七点').sentiment.label).toBe('neutral');
  });

  it('two aspects in one clause each take their own opinion: 菜好吃服务差', () => {
    expect(topic('菜好吃服务差', 'taste')?.label).toBe('positive');
    expect(topic('菜好吃服务差', 'service-attitude')?.label).toBe('negative');
    expect(topic('味道好上菜慢', 'taste')?.label).toBe('positive');
    expect(topic('味道好上菜慢', 'serving-speed')?.label).toBe('negative');
  });

  it('a topic whose clause holds no opinion reads the nearest opinion clause of its sentence', () => {
    expect(topic('有儿童区，带孩子很方便', 'environment')?.label).toBe('positive');
  });

  it('服务一般 is a mild complaint: the service topic is negative and the comment is not positive', () => {
    const a = analyze('服务一般，菜还可以');
    expect(a.topics.find((t) => t.topicId === 'service-attitude')?.sentiment.label).toBe('negative');
    expect(a.sentiment.label).not.toBe('positive');
  });

  it('negation covers the whole clause after 不觉得 / 没有…那么', () => {
    expect(analyze('我不觉得这家店的菜有多好吃').sentiment.label).toBe('negative');
    expect(analyze('说实话没有评论说的那么好').sentiment.label).toBe('negative');
    expect(analyze('没有不满意的地方').sentiment.label).not.toBe('negative');
  });
});

describe('Weibo-style posts: emoji tags and slang', () => {
  it('[哈哈]绝绝子 is positive, 无语[怒] negative', () => {
    expect(analyze('[哈哈]绝绝子').sentiment.label).toBe('positive');
    expect(analyze('无语[怒]').sentiment.label).toBe('negative');
  });

  it('slang and emoji carry the polarity', () => {
    expect(analyze('踩雷了家人们，千万别去').sentiment.label).toBe('negative');
    expect(analyze('真的栓Q，快递又丢了').sentiment.label).toBe('negative');
    expect(analyze('这家店yyds😍').sentiment.label).toBe('positive');
    expect(analyze('又延误了，我真的会谢[微笑]').sentiment.label).toBe('negative');
  });

  it('a tag word in running text is not an opinion: 心 and 汗 only count between brackets', () => {
    expect(analyze('我点了一份宫保鸡丁和一碗米饭').sentiment.label).toBe('neutral');
    expect(analyze('[心]').sentiment.label).toBe('positive');
    expect(analyze('[汗]').sentiment.label).toBe('negative');
  });
});

describe("the project's Chinese sets", () => {
  it('are large enough, labelled in the documented shape, and split by a hash of the text about 50/20/30', () => {
    const takeaway = loadZhPolar('takeaway');
    const weibo = loadZhPolar('weibo');
    const aspects = loadZhAspects();
    expect(takeaway.length).toBeGreaterThanOrEqual(800);
    expect(weibo.length).toBeGreaterThanOrEqual(500);
    expect(aspects.length).toBeGreaterThanOrEqual(400);
    expect(ZH_SETS).toEqual(['takeaway', 'weibo', 'aspects']);
    const all = [...takeaway, ...weibo, ...aspects];
    const share = (p: 'train' | 'dev' | 'test') => partOf(all, p).length / all.length;
    expect(share('test')).toBeGreaterThan(0.25);
    expect(share('test')).toBeLessThan(0.35);
    expect(share('dev')).toBeGreaterThan(0.15);
    expect(share('dev')).toBeLessThan(0.25);
    expect(zhPart('菜好吃服务差')).toBe(zhPart('菜好吃服务差'));
    expect(zhPart('ＡＢＣ菜好吃')).toBe(zhPart('abc菜好吃'));
  });
});
