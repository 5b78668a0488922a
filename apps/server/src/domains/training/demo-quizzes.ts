import type { TQuestionInput } from '@loopcx/shared';

/** The dining checklist's fatal food-safety items the food-safety quiz trains. */
export const FOOD_SAFETY_ITEMS = ['FS-1', 'FS-2'];
/** Its general service items the service-basics quiz trains. */
export const SERVICE_ITEMS = ['GRT-1', 'GRT-2', 'ORD-1', 'ORD-2', 'SRV-1', 'PAY-2'];

const choice = (value: string, text: string, textEn: string) => ({ value, text, textEn });

/** 食品安全：保质期、冷藏、异物与处置 (pass mark 80). */
export const FOOD_SAFETY: TQuestionInput[] = [
  {
    code: 'FS-Q1',
    type: 'single',
    text: '冷藏食材的储存温度应为？',
    textEn: 'At what temperature are chilled ingredients stored?',
    choices: [
      choice('a', '0–4℃', '0–4 °C'),
      choice('b', '5–10℃', '5–10 °C'),
      choice('c', '常温即可', 'Room temperature'),
    ],
    correct: ['a'],
  },
  {
    code: 'FS-Q2',
    type: 'true_false',
    text: '过期 1 天但无异味的食材可以用于员工餐。',
    textEn: 'An ingredient one day past its date that smells fine may go into staff meals.',
    correct: ['false'],
  },
  {
    code: 'FS-Q3',
    type: 'multiple',
    text: '发现过期食材时应当（多选）：',
    textEn: 'On finding an expired ingredient you (choose all that apply):',
    choices: [
      choice('a', '立即下架并隔离', 'Remove and isolate it at once'),
      choice('b', '登记报废并告知店长', 'Log it as waste and tell the manager'),
      choice('c', '先用完再补货', 'Use it up before reordering'),
      choice('d', '检查同批次其他食材', 'Check the rest of the batch'),
    ],
    correct: ['a', 'b', 'd'],
    points: 2,
  },
  {
    code: 'FS-Q4',
    type: 'single',
    text: '顾客在菜品中发现头发，第一步应当？',
    textEn: 'A guest finds a hair in a dish. The first step is to',
    choices: [
      choice('a', '道歉并立即撤换菜品', 'Apologise and replace the dish at once'),
      choice('b', '解释可能是顾客自己的', "Explain it may be the guest's own"),
      choice('c', '送一份小菜了事', 'Offer a side dish and move on'),
    ],
    correct: ['a'],
  },
  {
    code: 'FS-Q5',
    type: 'true_false',
    text: '后厨人员必须佩戴发帽。',
    textEn: 'Kitchen staff must wear hair nets.',
    correct: ['true'],
  },
];

/** 服务基础：迎宾、点餐、上菜、道别 (pass mark 70). */
export const SERVICE_BASICS: TQuestionInput[] = [
  {
    code: 'SB-Q1',
    type: 'single',
    text: '顾客进店后多久内应有人问候？',
    textEn: 'How soon after entering is a guest greeted?',
    choices: [
      choice('a', '10 秒内', 'Within 10 s'),
      choice('b', '1 分钟内', 'Within 1 min'),
      choice('c', '入座后', 'Once seated'),
    ],
    correct: ['a'],
  },
  {
    code: 'SB-Q2',
    type: 'multiple',
    text: '点餐时应当（多选）：',
    textEn: 'When taking an order you (choose all that apply):',
    choices: [
      choice('a', '介绍招牌菜或新品', 'Suggest signature dishes or new items'),
      choice('b', '复述订单', 'Repeat the order back'),
      choice('c', '询问忌口', 'Ask about allergies'),
      choice('d', '催促顾客尽快决定', 'Hurry the guest'),
    ],
    correct: ['a', 'b', 'c'],
    points: 2,
  },
  {
    code: 'SB-Q3',
    type: 'true_false',
    text: '排队等位时无需告知预计等待时间。',
    textEn: 'Queueing guests need not be told the expected wait.',
    correct: ['false'],
  },
  {
    code: 'SB-Q4',
    type: 'single',
    text: '首道菜应在多长时间内上桌？',
    textEn: 'The first dish is served within',
    choices: [choice('a', '15 分钟', '15 min'), choice('b', '25 分钟', '25 min'), choice('c', '没有要求', 'No limit')],
    correct: ['a'],
  },
  {
    code: 'SB-Q5',
    type: 'true_false',
    text: '顾客离店时应有人道别。',
    textEn: 'Someone says goodbye when a guest leaves.',
    correct: ['true'],
  },
];
