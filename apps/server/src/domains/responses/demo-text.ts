import type { prng } from '../../seed/random.ts';

/** How the guest felt: decides which endings fit a comment. */
export type Tone = 'good' | 'mixed' | 'bad';

type Rand = ReturnType<typeof prng>;

/** Endings and asides in the guests' own register; a suggestion or a question turns a comment into that need. */
const ZH = {
  open: ['今天', '这次', '周末带家人来，', '中午来吃，', '第二次来了，', '和同事聚餐，', '晚上来的，', '带孩子来的，'],
  close: {
    good: ['，下次还来', '，推荐', '，给个好评', '，朋友也说好', '，值得'],
    mixed: ['，总体还行', '，希望改进', '，中规中矩'],
    bad: ['，希望改进', '，有点失望', '，体验不太好', '，下次不来了', '，太影响心情了'],
  },
  suggest: [
    '，建议高峰期多安排点人手',
    '，希望能出个小份菜',
    '，建议加个线上排队',
    '，希望多一些辣度选择',
    '，建议外卖餐盒换个结实的',
    '，能不能出个儿童套餐',
    '，建议上菜前说一下要等多久',
  ],
  ask: [
    '。请问可以开发票吗？',
    '。你们有儿童座椅吗？',
    '。会员积分怎么用？',
    '。周末需要提前订位吗？',
    '。外卖能送到园区吗？',
  ],
};
const EN = {
  open: ['Came for lunch. ', 'Second visit. ', 'Dinner with friends. ', 'Family visit. '],
  close: {
    good: [' Will be back.', ' Highly recommend.', ' Lovely evening.'],
    mixed: [' Okay overall.', ' Could be better.'],
    bad: [' Please fix this.', ' Disappointed.', ' Not coming back.'],
  },
  suggest: [
    ' Maybe add more staff at peak hours.',
    ' A smaller portion option would help.',
    ' Please add online queueing.',
  ],
  ask: [' Do you take reservations?', ' Can I get an invoice?', ' Do you have high chairs?'],
};
/** Amounts that vary between guests telling the same story. */
const AMOUNTS: [RegExp, string[]][] = [
  [/四十分钟/, ['半小时', '四十分钟', '五十分钟', '快一个小时']],
  [/三次/, ['两次', '三次', '好几次']],
  [/40 minutes/, ['35 minutes', '40 minutes', 'almost an hour']],
];

/**
 * A demo comment as a guest would write it: the base complaint or praise (which decides the topics and sentiment)
 * with, drawn from its own stream, an opener, an ending that fits the tone, a different amount, a suggestion or a
 * question. So the same complaint recurs as near-duplicates of one another, as real feedback does, rather than as
 * hundreds of identical strings, and the suggestion and question needs appear beside complaints and praise.
 */
export function varyComment(text: string, tone: Tone, r: Rand): string {
  const en = /^[\x20-\x7e]+$/.test(text);
  const words = en ? EN : ZH;
  // English sentences end before the next one starts; Chinese endings follow on after a comma.
  const add = (tail: string) => (en ? `${out.replace(/\.?$/, '.')}${tail}` : out + tail);
  let out = text;
  for (const [pattern, options] of AMOUNTS) if (pattern.test(out)) out = out.replace(pattern, r.pick(options));
  if (r.chance(0.3)) out = r.pick(words.open) + out;
  if (r.chance(0.35)) out = add(r.pick(words.close[tone]));
  if (r.chance(tone === 'good' ? 0.05 : 0.12)) out = add(r.pick(words.suggest));
  else if (r.chance(0.04)) out = add(r.pick(words.ask));
  return out;
}
