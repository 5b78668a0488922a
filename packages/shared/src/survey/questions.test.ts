import { describe, expect, it } from 'vitest';
import { answerLines, choiceLabel, formatAnswer, localText, questionTitles, surveyQuestions } from './questions.ts';

const l = (zh: string, en: string) => ({ default: en, 'zh-cn': zh });
const definition = {
  pages: [
    {
      elements: [
        { type: 'rating', name: 'wait', title: l('等待时间满意度', 'Waiting time') },
        { type: 'html', name: 'intro', html: 'x' },
        {
          type: 'panel',
          name: 'p',
          elements: [
            {
              type: 'checkbox',
              name: 'improve',
              title: l('需要改进', 'Improve'),
              choices: [
                { value: 'taste', text: l('口味', 'Taste') },
                { value: 'speed', text: l('速度', 'Speed') },
              ],
              hasOther: true,
            },
          ],
        },
        { type: 'boolean', name: 'again', title: l('会再来吗', 'Come again?') },
        {
          type: 'matrix',
          name: 'grid',
          title: l('逐项评价', 'Rate each'),
          rows: [{ value: 'food', text: l('菜品', 'Food') }],
          columns: [{ value: 'good', text: l('好', 'Good') }],
        },
        { type: 'multipletext', name: 'who', title: 'Who', items: [{ name: 'first', title: l('名', 'First') }] },
        { type: 'ranking', name: 'rank', title: 'Rank', choices: ['a', 'b'] },
        { type: 'comment', name: 'why' },
      ],
    },
  ],
};

describe('survey questions in the reader language', () => {
  it('reads localized strings for zh-CN and en, falling back to the other language', () => {
    expect(localText(l('中', 'En'), 'zh-CN')).toBe('中');
    expect(localText(l('中', 'En'), 'en')).toBe('En');
    expect(localText({ 'zh-cn': '只有中文' }, 'en')).toBe('只有中文');
    expect(localText({ default: 'Only English' }, 'zh-CN')).toBe('Only English');
    expect(localText('plain', 'en')).toBe('plain');
    expect(localText(undefined, 'en')).toBeUndefined();
  });

  it('lists answerable questions in survey order through panels, titles by key with the key as fallback', () => {
    expect(surveyQuestions(definition).map((q) => q.name)).toEqual([
      'wait',
      'improve',
      'again',
      'grid',
      'who',
      'rank',
      'why',
    ]);
    expect(questionTitles(definition, 'zh-CN')).toMatchObject({
      wait: '等待时间满意度',
      improve: '需要改进',
      why: 'why',
    });
    expect(questionTitles(definition, 'en').wait).toBe('Waiting time');
    expect(surveyQuestions({ elements: [{ type: 'text', name: 'x' }] })).toHaveLength(1);
  });

  it('formats answers with labels: multi-select joined by "; ", booleans, matrices, rankings, other', () => {
    const [wait, improve, again, grid, who, rank] = surveyQuestions(definition);
    expect(formatAnswer(wait, 4, 'en')).toBe('4');
    expect(formatAnswer(improve, ['taste', 'speed'], 'zh-CN')).toBe('口味; 速度');
    expect(formatAnswer(improve, ['speed', 'other'], 'en')).toBe('Speed; Other');
    expect(choiceLabel(improve, 'unknown', 'en')).toBe('unknown');
    expect(formatAnswer(again, true, 'zh-CN')).toBe('是');
    expect(formatAnswer(again, false, 'en')).toBe('No');
    expect(formatAnswer(grid, { food: 'good' }, 'zh-CN')).toBe('菜品: 好');
    expect(formatAnswer(who, { first: 'Li' }, 'en')).toBe('First: Li');
    expect(formatAnswer(rank, ['b', 'a'], 'en')).toBe('1. b; 2. a');
    expect(formatAnswer(undefined, { a: 1 }, 'en')).toBe('{"a":1}');
    expect(formatAnswer(wait, null, 'en')).toBe('');
  });

  it('renders a response as title: label lines, keeping unknown keys and other-comments', () => {
    const lines = answerLines(
      definition,
      { why: '太慢', improve: ['other'], 'improve-Comment': '停车难', wait: 2, legacy: 'x' },
      'zh-CN',
    );
    expect(lines.map((x) => `${x.title}: ${x.text}`)).toEqual([
      '等待时间满意度: 2',
      '需要改进: 其他 — 停车难',
      'why: 太慢',
      'legacy: x',
    ]);
  });
});
