import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Converter } from 'opencc-js/t2cn';
import { describe, expect, it } from 'vitest';
import { prepareText } from './analyzer.ts';
import { featuresOf } from './features.ts';
import { getModel, linearLogit, weightOf } from './model.ts';
import { foldWidthCase, normalize } from './normalize.ts';

const here = dirname(fileURLToPath(import.meta.url));
const checkTexts = readFileSync(join(here, 'train', 'restaurant-check.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { text: string }).text);
const texts = [
  ...checkTexts,
  '没有不满意的地方，服务员不太热情但是菜还不错',
  '並不是不好吃，只是太貴了！！房間一點都不乾淨',
  "The room wasn't clean and the staff were not friendly, but breakfast was good",
  '快递很快，包装完好，手机用了一周没有任何问题 5.5寸屏幕 很满意',
  '不不不，不是这样的',
];

describe('the compiled model reads exactly the features the training script wrote', () => {
  it('per clause, the hot-path logit equals the sum of featuresOf weights', () => {
    const model = getModel();
    let clauses = 0;
    for (const text of texts) {
      for (const c of prepareText(text).clauses) {
        const m = c.zh ? model.zh : model.en;
        if (!m) continue;
        let sum = 0;
        for (const f of featuresOf(c.modelTokens)) sum += weightOf(m, f) ?? 0;
        expect(linearLogit(m, c.modelTokens)).toBe(sum);
        clauses++;
      }
    }
    expect(clauses).toBeGreaterThan(100);
  });

  it('features mark negated words and join bigrams with a space', () => {
    expect([...featuresOf(['没有', '不', '满意', '的', '地方'])]).toEqual([
      '没有',
      '不',
      '没有 不',
      '满意',
      '不 满意',
      '的',
      '满意 的',
      '地方',
      '的 地方',
    ]);
    expect([...featuresOf(['不', '太', '好吃', '，', '很', '贵'])]).toEqual([
      '不',
      '!太',
      '不 太',
      '!好吃',
      '太 好吃',
      '很',
      '贵',
      '很 贵',
    ]);
  });

  it('a clause with a number and a limiter, 都/还 or a span of time gets its complaint-by-fact cue, last', () => {
    const cues = (words: string[]) => [...featuresOf(words)].filter((f) => f.startsWith('#'));
    // jieba glues the adverb to the noun before it (面才|五片): the cue reads the clause's words joined.
    expect([...featuresOf(['面才', '五片'])]).toEqual(['面才', '五片', '面才 五片', '#限数']);
    expect(cues(['只有', '十来', '颗'])).toEqual(['#限数']);
    expect(cues(['等', '了', '两个', '小时'])).toEqual(['#等数']);
    expect(cues(['两个', '人', '都', '没', '吃', '完'])).toEqual(['#都数']);
    // A number alone, or a limiter without one, is no cue: plain reports of an order stay word features.
    expect(cues(['点了', '两份', '米饭', '一份', '汤'])).toEqual([]);
    expect(cues(['就', '是', '太', '咸'])).toEqual([]);
    // Punctuation inside the run does not matter; English clauses never get one (the cues are Chinese words).
    expect(cues(['waited', '2', 'hours'])).toEqual([]);
  });
});

describe('normalisation', () => {
  it('converts traditional Chinese like OpenCC (Taiwan → mainland) and keeps every offset', () => {
    const opencc = Converter({ from: 'tw', to: 'cn' });
    for (const text of [
      '這家店的服務態度很差',
      '並不是不好吃，只是太貴了！！房間一點都不乾淨',
      '乾隆皇帝',
      '什麼東西',
      '裡面有頭髮',
      '豈有此理',
      'ＡＰＰ點餐',
    ]) {
      const folded = foldWidthCase(text).text;
      expect(normalize(text)).toBe(opencc(folded));
      expect(normalize(text).length).toBe(text.length);
    }
    expect(normalize('這家店的服務態度很差')).toBe('这家店的服务态度很差');
  });

  it('leaves simplified Chinese alone, where OpenCC’s Taiwan-variant step would damage it', () => {
    for (const text of [...checkTexts, '是有意义的么？', '英文原著', '后来', '吃饭才是正事']) {
      expect(normalize(text)).toBe(foldWidthCase(text).text);
    }
    expect(Converter({ from: 'tw', to: 'cn' })('是有意义的么？')).toBe('是有意义的幺？');
  });
});
