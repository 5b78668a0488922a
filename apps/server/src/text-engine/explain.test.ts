import { describe, expect, it } from 'vitest';
import { createAnalyzer } from './analyzer.ts';
import type { Taxonomy } from './taxonomy.ts';

const taxonomy: Taxonomy = {
  topics: [
    { id: 'delivery', name: '送餐', rules: { zh: { include: ['送餐'] }, en: { include: ['delivery'] } } },
    { id: 'food', name: '菜品', rules: { zh: { include: ['菜', '鱼'] }, en: { include: ['pasta', 'food'] } } },
    { id: 'staff', name: '服务', rules: { en: { include: ['waiter'] } } },
  ],
};
const analyzer = createAnalyzer({ taxonomy });
const topic = (text: string, id: string) => analyzer.analyze(text).topics.find((t) => t.topicId === id)!;

describe('topic explanations', () => {
  it('names the clause a topic was scored on and the opinion word that decided, with its degree word', () => {
    const t = topic('味道很好，就是送餐太慢了', 'delivery');
    expect(t.sentiment.label).toBe('negative');
    expect(t.explain.by).toBe('lexicon');
    expect(t.explain.clauses.map((c) => c.text)).toEqual(['就是送餐太慢了']);
    expect(t.explain.cues).toContain('太慢');
  });

  it('keeps the negation with the opinion word', () => {
    const t = topic('鱼不太新鲜', 'food');
    expect(t.sentiment.label).toBe('negative');
    expect(t.explain.cues.some((c) => c.startsWith('不') && c.endsWith('新鲜'))).toBe(true);
  });

  it('each topic of a contrast sentence gets its own clause and cue', () => {
    const text = 'The pasta was great but the waiter was rude';
    const food = topic(text, 'food');
    const staff = topic(text, 'staff');
    expect(food.explain.cues).toContain('great');
    expect(staff.explain.cues).toContain('rude');
    expect(food.explain.clauses[0].text).toMatch(/pasta/);
    expect(staff.explain.clauses[0].text).toMatch(/waiter/);
    for (const t of [food, staff]) {
      const c = t.explain.clauses[0];
      expect(text.slice(c.start, c.end)).toBe(c.text);
    }
  });

  it('a topic mentioned without any opinion is explained as such', () => {
    const t = topic('今天点了送餐', 'delivery');
    expect(t.sentiment.label).toBe('neutral');
    expect(t.explain.cues).toEqual([]);
    expect(['none', 'model']).toContain(t.explain.by);
  });
});
