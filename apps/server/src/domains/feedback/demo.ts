import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { prng } from '../../seed/random.ts';
import { type FeedbackInsert, insertFeedback } from './commands/create-feedback.ts';

const DAY_MS = 86400_000;

type Tpl = {
  source: FeedbackInsert['source'];
  channel: string;
  tp: string | null;
  rating?: [number, number];
  texts: string[];
};

// What people write about Savor Chain outside surveys, in the demo story's voice: takeaway packaging leaks, SZ-03
// serves slowly, the North region slipped lately, and (new, for discovery) the ordering mini-program started
// crashing (闪退) three weeks ago and families ask for child seats (儿童座椅) — words the restaurant pack lacks.
const GOOD: Tpl[] = [
  {
    source: 'app_review',
    channel: '大众点评',
    tp: 'dine',
    rating: [4, 5],
    texts: [
      '招牌红烧肉很入味，服务员小姐姐很热情，下次还来',
      '环境干净明亮，上菜速度快，性价比不错',
      '味道正宗，分量足，朋友聚餐首选',
      '菜品新鲜，摆盘好看，服务周到',
    ],
  },
  {
    source: 'app_review',
    channel: '美团',
    tp: 'tw-meal',
    rating: [4, 5],
    texts: ['外卖送得很快，饭菜还是热的', '包装很用心，汤一点没洒，好评', '味道和堂食一样好，会回购'],
  },
  {
    source: 'social',
    channel: '微博',
    tp: null,
    texts: ['周末和家人去味道连锁吃饭，服务员很贴心，还送了小菜 #美食打卡#', '味道连锁的新品酸菜鱼太好吃了，强烈推荐'],
  },
  {
    source: 'app_review',
    channel: 'App Store',
    tp: 'tw-order',
    rating: [4, 5],
    texts: ['Easy to order, food arrived hot and on time', 'Great dumplings, friendly delivery rider'],
  },
];
const BAD: Tpl[] = [
  {
    source: 'app_review',
    channel: '美团',
    tp: 'tw-packaging',
    rating: [1, 2],
    texts: [
      '外卖汤全洒了，包装袋里都是油，餐盒盖子根本没扣紧',
      '餐盒漏汤，打开袋子一片狼藉，包装太敷衍了',
      '包装破了，米饭都泡在汤里',
      '汤汁洒了一袋子，封口贴都没有',
    ],
  },
  {
    source: 'app_review',
    channel: '大众点评',
    tp: 'serve',
    rating: [1, 3],
    texts: [
      '上菜太慢了，等了快一个小时',
      '服务员态度冷淡，叫了几次都没人理',
      '菜是凉的，口味也比以前差了',
      '价格涨了分量却变少了',
    ],
  },
  {
    source: 'forum',
    channel: '知乎',
    tp: 'dine',
    texts: ['最近去了两次北京的店，感觉菜品质量明显下降，是不是换厨师了？', '天津和平店卫生状况堪忧，桌子油腻腻的'],
  },
  {
    source: 'call_transcript',
    channel: '客服热线',
    tp: 'service-call',
    texts: [
      '客户：我昨天点的外卖汤洒了，要求退款。客服：非常抱歉，我马上为您登记退款。客户：上次也是这样，包装能不能改进一下？',
      '客户：我在店里等了四十分钟还没上菜。客服：抱歉让您久等了，我联系门店经理跟进。',
      '客户：会员积分怎么一直不到账？客服：系统正在同步，我帮您手动补录。',
      'Customer: my order arrived and the soup had leaked everywhere. Agent: I am sorry, I will refund the soup and report the packaging issue.',
    ],
  },
  {
    source: 'social',
    channel: '微博',
    tp: null,
    texts: ['味道连锁的外卖又洒了，第三次了，包装能不能上点心 @味道连锁', '排队一个多小时才吃上，服务还慢，不会再去了'],
  },
];
/** Stores named in the texts: 罗湖 is SZ-03, 和平 TJ-02, and "Beijing's stores" are filed under BJ-01. */
const NAMED_STORES: Array<[RegExp, string]> = [
  [/罗湖/, 'SZ-03'],
  [/和平店/, 'TJ-02'],
  [/北京的店/, 'BJ-01'],
];
const SZ03: Tpl = {
  source: 'app_review',
  channel: '大众点评',
  tp: 'serve',
  rating: [1, 2],
  texts: [
    '深圳罗湖店上菜慢得离谱，催了三次',
    '罗湖这家店服务员太少，等位等菜都要很久',
    '等了五十分钟菜才上齐，服务员一直说马上',
  ],
};
const NORTH: Tpl = {
  source: 'app_review',
  channel: '大众点评',
  tp: 'dine',
  rating: [2, 3],
  texts: ['最近味道变了，没有以前好吃', '菜品质量下降了，红烧肉太咸', '和以前比分量少了，价格还涨了'],
};
const MINIPROGRAM: Tpl = {
  source: 'app_review',
  channel: '微信小程序',
  tp: 'tw-order',
  rating: [1, 2],
  texts: [
    '小程序闪退，点了三次都下不了单，太差了',
    '小程序一直闪退，付款页面打不开，很失望',
    '更新后小程序卡顿闪退，体验太差，只能去美团点',
    '小程序闪退太频繁了，非常糟糕',
  ],
};
const CHILD_SEATS: Tpl = {
  source: 'app_review',
  channel: '大众点评',
  tp: 'dine',
  rating: [2, 4],
  texts: [
    '带孩子来吃饭，儿童座椅太少了，等了好久',
    '店里的儿童座椅又脏又旧',
    '希望多准备几个儿童座椅，周末根本不够用',
    '菜很好吃，就是没有儿童座椅，带娃不方便',
  ],
};
const PARKING: Tpl = {
  source: 'app_review',
  channel: '大众点评',
  tp: 'arrive',
  rating: [2, 4],
  texts: [
    '菜不错，就是停车位太少，转了半小时才找到停车位',
    '停车位不够，周末根本停不了车',
    '味道可以，停车位收费太贵了',
  ],
};

/**
 * About 360 feedback items over 90 days across the 24 stores: 大众点评/美团 reviews, 微博 posts, 知乎 threads, app-store
 * reviews and service-hotline transcripts. Deterministic from the demo seed; written through the same insert as the
 * API (with their text-analysis jobs). Idempotent: skipped when the tenant already has feedback.
 */
export async function seedFeedback(ctx: AppContext, demo: DemoTenant) {
  if (await one(ctx.db, sql`SELECT 1 FROM feedback_items WHERE tenant_id = ${demo.tenantId} LIMIT 1`)) return;
  const rand = prng(demo.seed + 45);
  const tps = new Map(
    (
      await rows<{ id: string; code: string }>(
        ctx.db,
        sql`SELECT id, code FROM touchpoints WHERE tenant_id = ${demo.tenantId}`,
      )
    ).map((t) => [t.code, t.id]),
  );
  const stores = [...demo.units.entries()]
    .filter(([, u]) => u.kind === 'store')
    .map(([code]) => code)
    .sort();
  const north = stores.filter((c) => c.startsWith('BJ') || c.startsWith('TJ'));
  const now = ctx.clock.now().getTime();
  const items: FeedbackInsert[] = [];
  let n = 0;
  const add = (tpl: Tpl, store: string | null, daysAgo: number) => {
    const text = rand.pick(tpl.texts);
    // A post that names a store belongs to that store, whichever store the day's draw picked.
    const named = NAMED_STORES.find(([re]) => re.test(text))?.[1];
    const unit = named ? demo.units.get(named) : store ? demo.units.get(store) : undefined;
    const handle =
      tpl.source === 'call_transcript'
        ? undefined
        : `${rand.pick(['吃货', '小', '阿', 'foodie_', '爱吃的'])}${rand.pick(['小王', '美美', 'Leo', '大橙子', '老李', 'kk'])}${rand.int(1, 999)}`;
    items.push({
      source: tpl.source,
      channel: tpl.channel,
      url: tpl.source === 'call_transcript' ? undefined : `https://example.com/${tpl.source}/${demo.seed}-${n}`,
      author: handle,
      text,
      rating: tpl.rating ? rand.int(tpl.rating[0], tpl.rating[1]) : undefined,
      orgUnitId: unit?.id,
      touchpointId: tpl.tp ? tps.get(tpl.tp) : undefined,
      customerRef: rand.chance(0.3) ? `M-${rand.int(10000, 16000)}` : undefined,
      externalId: `demo-${demo.seed}-${n++}`,
      occurredAt: new Date(now - daysAgo * DAY_MS - rand.int(0, 20 * 3600_000)).toISOString(),
    });
  };
  for (let d = 89; d >= 0; d--) {
    for (let k = rand.int(1, 3); k > 0; k--) {
      const store = rand.pick(stores);
      add(rand.chance(0.5) ? rand.pick(GOOD) : rand.pick(BAD), rand.chance(0.85) ? store : null, d);
    }
    if (rand.chance(0.5)) add(SZ03, 'SZ-03', d);
    if (d < 30 && rand.chance(0.7)) add(NORTH, rand.pick(north), d);
    if (d < 21) for (let k = rand.int(1, 2); k > 0; k--) add(MINIPROGRAM, rand.pick(stores), d);
    if (rand.chance(0.25)) add(PARKING, rand.pick(stores), d);
    if (d < 45 && rand.chance(0.3)) add(CHILD_SEATS, rand.pick(stores), d);
  }
  await ctx.db.transaction((tx) => insertFeedback(tx, demo.tenantId, null, items));
}
