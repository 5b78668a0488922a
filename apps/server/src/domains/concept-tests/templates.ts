import type { TConceptTestKind } from '@loopcx/shared';

/** A bilingual SurveyJS string, English as `default` and Chinese under `zh-cn` (as surveys/templates.ts). */
const l = (zh: string, en: string) => ({ default: en, 'zh-cn': zh });
const choice = (value: string, zh: string, en: string) => ({ value, text: l(zh, en) });
const rating = (name: string, zh: string, en: string, max: number, lo: [string, string], hi: [string, string]) => ({
  type: 'rating',
  name,
  title: l(zh, en),
  isRequired: true,
  rateMin: 1,
  rateMax: max,
  minRateDescription: l(...lo),
  maxRateDescription: l(...hi),
});
const comment = (name: string, zh: string, en: string) => ({
  type: 'comment',
  name,
  title: l(zh, en),
  maxLength: 2000,
});
const agree = (name: string, zh: string, en: string) =>
  rating(name, zh, en, 5, ['非常不同意', 'Strongly disagree'], ['非常同意', 'Strongly agree']);

export interface ConceptTemplate {
  id: string;
  kind: TConceptTestKind;
  name: { 'zh-CN': string; en: string };
  description: { 'zh-CN': string; en: string };
  approvalQuestion: string;
  approveAtLeast: number | null;
  approveValues: string[];
  segmentQuestion: string | null;
  threshold: number;
  minN: number;
  /** The survey definition for the thing under test (`subject`, as the user named it). */
  definition(subject: string): Record<string, unknown>;
}

const frequency = {
  type: 'radiogroup',
  name: 'frequency',
  title: l('您多久光顾我们一次？', 'How often do you visit us?'),
  choices: [
    choice('weekly', '每周', 'Weekly'),
    choice('monthly', '每月', 'Monthly'),
    choice('rarely', '偶尔', 'Now and then'),
    choice('first', '第一次', 'First time'),
  ],
};

/** The ten standard SUS items (Brooke 1996), odd ones positively worded, even ones negatively. */
const SUS_WORDING: Array<[string, string]> = [
  ['我愿意经常使用这个系统。', 'I think that I would like to use this system frequently.'],
  ['我觉得这个系统过于复杂。', 'I found the system unnecessarily complex.'],
  ['我觉得这个系统容易使用。', 'I thought the system was easy to use.'],
  [
    '我觉得需要技术人员的帮助才能使用这个系统。',
    'I think that I would need the support of a technical person to be able to use this system.',
  ],
  ['我觉得这个系统的各项功能整合得很好。', 'I found the various functions in this system were well integrated.'],
  ['我觉得这个系统有太多不一致的地方。', 'I thought there was too much inconsistency in this system.'],
  [
    '我想大多数人能很快学会使用这个系统。',
    'I would imagine that most people would learn to use this system very quickly.',
  ],
  ['我觉得这个系统用起来很麻烦。', 'I found the system very cumbersome to use.'],
  ['使用这个系统时我很有信心。', 'I felt very confident using the system.'],
  [
    '我需要学习很多东西才能开始使用这个系统。',
    'I needed to learn a lot of things before I could get going with this system.',
  ],
];

const survey = (zh: string, en: string, elements: unknown[]) => ({
  locale: 'zh-cn',
  title: l(zh, en),
  pages: [{ name: 'p1', elements }],
  completedHtml: l('<h3>感谢您的参与！</h3>', '<h3>Thank you for taking part!</h3>'),
});

/** Concept, idea screening and usability (SUS, SEQ) tests, zh-CN and English. */
export const CONCEPT_TEMPLATES: ConceptTemplate[] = [
  {
    id: 'concept',
    kind: 'concept',
    name: { 'zh-CN': '新品概念测试', en: 'Product concept test' },
    description: {
      'zh-CN': '上市前请顾客评价新品：认可度、购买意愿、喜欢与担心之处',
      en: 'Before launch: approval, purchase intent, what customers like and what worries them',
    },
    approvalQuestion: 'approval',
    approveAtLeast: 4,
    approveValues: [],
    segmentQuestion: 'frequency',
    threshold: 0.6,
    minN: 100,
    definition: (s) =>
      survey(`新品测试：${s}`, `Concept test: ${s}`, [
        rating(
          'approval',
          `总体而言，您有多认可「${s}」？`,
          `Overall, how much do you like "${s}"?`,
          5,
          ['完全不认可', 'Not at all'],
          ['非常认可', 'Very much'],
        ),
        {
          type: 'radiogroup',
          name: 'purchase_intent',
          title: l('如果上市，您会购买吗？', 'If it were on the menu, would you buy it?'),
          isRequired: true,
          choices: [
            choice('definitely', '一定会', 'Definitely'),
            choice('probably', '可能会', 'Probably'),
            choice('unsure', '不确定', 'Not sure'),
            choice('probably_not', '可能不会', 'Probably not'),
            choice('definitely_not', '一定不会', 'Definitely not'),
          ],
        },
        comment('likes', '您最喜欢它的哪一点？', 'What do you like most about it?'),
        comment('dislikes', '您最不喜欢或担心的是什么？', 'What do you dislike or worry about?'),
        frequency,
      ]),
  },
  {
    id: 'idea-screening',
    kind: 'idea',
    name: { 'zh-CN': '创意筛选', en: 'Idea screening' },
    description: {
      'zh-CN': '在投入开发前筛选想法：吸引力、独特性、是否解决真实需求',
      en: 'Screen ideas before building them: appeal, uniqueness, whether they meet a real need',
    },
    approvalQuestion: 'appeal',
    approveAtLeast: 4,
    approveValues: [],
    segmentQuestion: 'frequency',
    threshold: 0.6,
    minN: 60,
    definition: (s) =>
      survey(`创意筛选：${s}`, `Idea screening: ${s}`, [
        rating(
          'appeal',
          `「${s}」对您有多大吸引力？`,
          `How appealing is "${s}" to you?`,
          5,
          ['毫无吸引力', 'Not at all'],
          ['非常有吸引力', 'Very'],
        ),
        rating(
          'uniqueness',
          '它和市面上已有的相比有多独特？',
          'How different is it from what is already available?',
          5,
          ['完全一样', 'The same'],
          ['非常独特', 'Very different'],
        ),
        {
          type: 'boolean',
          name: 'need',
          title: l('它能解决您的实际需求吗？', 'Does it meet a real need of yours?'),
          labelTrue: l('能', 'Yes'),
          labelFalse: l('不能', 'No'),
        },
        comment('why', '请说说您的理由', 'Tell us why'),
        frequency,
      ]),
  },
  {
    id: 'usability-sus',
    kind: 'sus',
    name: { 'zh-CN': '可用性测试（SUS）', en: 'Usability test (SUS)' },
    description: {
      'zh-CN': '系统可用性量表：10 个标准题目，每人得分 0–100，并给出形容词等级',
      en: 'System Usability Scale: the ten standard items, a 0–100 score per person and its adjective band',
    },
    approvalQuestion: 'adopt',
    approveAtLeast: null,
    approveValues: [],
    segmentQuestion: null,
    threshold: 0.6,
    minN: 30,
    definition: (s) =>
      survey(`可用性测试：${s}`, `Usability test: ${s}`, [
        ...SUS_WORDING.map(([zh, en], i) => agree(`sus${i + 1}`, zh, en)),
        {
          type: 'boolean',
          name: 'adopt',
          title: l(`您愿意继续使用「${s}」吗？`, `Would you keep using "${s}"?`),
          isRequired: true,
          labelTrue: l('愿意', 'Yes'),
          labelFalse: l('不愿意', 'No'),
        },
        comment('comment', '使用中遇到了哪些问题？', 'What got in your way?'),
      ]),
  },
  {
    id: 'usability-seq',
    kind: 'seq',
    name: { 'zh-CN': '单题易用性（SEQ）', en: 'Single Ease Question (SEQ)' },
    description: {
      'zh-CN': '完成一个任务后立即询问难易程度（1–7），5 分及以上计为容易',
      en: 'Right after a task, how difficult or easy it was (1–7); 5 or more counts as easy',
    },
    approvalQuestion: 'seq',
    approveAtLeast: 5,
    approveValues: [],
    segmentQuestion: null,
    threshold: 0.6,
    minN: 30,
    definition: (s) =>
      survey(`任务易用性：${s}`, `Task ease: ${s}`, [
        rating(
          'seq',
          `总体而言，完成「${s}」有多难或多容易？`,
          `Overall, how difficult or easy was it to complete "${s}"?`,
          7,
          ['非常困难', 'Very difficult'],
          ['非常容易', 'Very easy'],
        ),
        comment('why', '哪一步最费劲？', 'Which step was hardest?'),
      ]),
  },
];
