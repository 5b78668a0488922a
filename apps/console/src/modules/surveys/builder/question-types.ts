import type { El } from './definition.ts';

/** The question types the builder adds, each with its bilingual starting content; `name` is the generated key. */
export const QUESTION_TYPES: Array<{ key: string; make: (name: string) => El }> = [
  {
    key: 'nps',
    make: (name) => ({
      type: 'rating',
      name,
      rateMin: 0,
      rateMax: 10,
      title: { default: 'How likely are you to recommend us?', 'zh-cn': '您向亲友推荐我们的可能性有多大？' },
    }),
  },
  {
    key: 'csat',
    make: (name) => ({
      type: 'rating',
      name,
      rateMin: 1,
      rateMax: 5,
      title: { default: 'How satisfied are you?', 'zh-cn': '您的满意度如何？' },
    }),
  },
  {
    key: 'ces',
    make: (name) => ({
      type: 'rating',
      name,
      rateMin: 1,
      rateMax: 7,
      title: { default: 'How easy was it?', 'zh-cn': '这次有多容易？' },
    }),
  },
  {
    key: 'radiogroup',
    make: (name) => ({
      type: 'radiogroup',
      name,
      title: { default: 'Choose one', 'zh-cn': '请选择' },
      choices: [
        { value: 'a', text: { default: 'Option A', 'zh-cn': '选项 A' } },
        { value: 'b', text: { default: 'Option B', 'zh-cn': '选项 B' } },
      ],
    }),
  },
  {
    key: 'checkbox',
    make: (name) => ({
      type: 'checkbox',
      name,
      title: { default: 'Choose any', 'zh-cn': '可多选' },
      choices: [
        { value: 'a', text: { default: 'Option A', 'zh-cn': '选项 A' } },
        { value: 'b', text: { default: 'Option B', 'zh-cn': '选项 B' } },
      ],
    }),
  },
  {
    key: 'dropdown',
    make: (name) => ({
      type: 'dropdown',
      name,
      title: { default: 'Select', 'zh-cn': '请选择' },
      choices: [
        { value: 'a', text: 'A' },
        { value: 'b', text: 'B' },
      ],
    }),
  },
  { key: 'boolean', make: (name) => ({ type: 'boolean', name, title: { default: 'Yes or no?', 'zh-cn': '是否？' } }) },
  { key: 'text', make: (name) => ({ type: 'text', name, title: { default: 'Your answer', 'zh-cn': '请填写' } }) },
  {
    key: 'comment',
    make: (name) => ({ type: 'comment', name, title: { default: 'Anything else?', 'zh-cn': '还有什么想说的？' } }),
  },
  {
    key: 'matrix',
    make: (name) => ({
      type: 'matrix',
      name,
      title: { default: 'Rate each', 'zh-cn': '请逐项评价' },
      rows: [{ value: 'r1', text: { default: 'Row 1', 'zh-cn': '第一项' } }],
      columns: [1, 2, 3, 4, 5].map((v) => ({ value: v, text: String(v) })),
    }),
  },
  {
    key: 'ranking',
    make: (name) => ({
      type: 'ranking',
      name,
      title: { default: 'Rank these', 'zh-cn': '请排序' },
      choices: [
        { value: 'a', text: 'A' },
        { value: 'b', text: 'B' },
        { value: 'c', text: 'C' },
      ],
    }),
  },
  {
    key: 'html',
    make: (name) => ({ type: 'html', name, html: { default: '<p>Text</p>', 'zh-cn': '<p>说明文字</p>' } }),
  },
];

/** A new survey from scratch: one NPS question (key `q1`, bound as the survey's NPS) to build on. */
export function blankSurvey(name: string) {
  const nps = QUESTION_TYPES.find((ty) => ty.key === 'nps')!.make('q1');
  return { name, definition: { pages: [{ name: 'page1', elements: [nps] }] }, bindings: { nps: 'q1' } };
}
