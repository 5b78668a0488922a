// Writes composed.jsonl: labelled comments composed from hand-written fragments (below) by a seeded
// generator, so the same run writes the same file. Part of the triage data set (see MODEL.md "Triage"); the
// hand-written items are in handwritten.jsonl. Run: node --import tsx compose.ts > composed.jsonl
import type { TriageClass } from '../../triage.ts';

interface Domain {
  aspects: string[];
  problems: string[];
  goods: string[];
  suggestions: string[];
  questions: string[];
}

const ZH: Record<string, Domain> = {
  takeaway: {
    aspects: ['送餐', '外卖', '这家店的外卖', '骑手', '配送', '这单'],
    problems: [
      '又超时了',
      '慢得离谱',
      '送错地址了',
      '少送了一份',
      '汤洒了一袋子',
      '到的时候全凉了',
      '比预计晚了一个小时',
    ],
    goods: ['很快', '准时送到', '包装很好', '还是热的', '一点没洒'],
    suggestions: [
      '多招几个骑手',
      '用密封的餐盒',
      '显示骑手的实时位置',
      '高峰期提前提示送达时间',
      '加一个备注餐具数量的选项',
    ],
    questions: ['能送到宿舍楼下', '配送费怎么算', '最晚几点还能下单', '可以预约明天中午送'],
  },
  restaurant: {
    aspects: ['菜', '味道', '服务员', '上菜速度', '这家店', '环境', '红烧肉', '米饭', '汤'],
    problems: ['太咸了', '很难吃', '态度很差', '慢得要命', '不新鲜', '油腻得不行', '有股怪味', '是凉的'],
    goods: ['很好吃', '非常新鲜', '很热情', '很快', '干净整洁', '很地道', '香而不腻'],
    suggestions: ['少放点盐', '出个小份', '增加几道素菜', '在菜单上标注辣度', '多安排一个服务员'],
    questions: ['需要提前订位', '有包间', '可以自带酒水', '周末营业到几点', '有儿童座椅'],
  },
  hotel: {
    aspects: ['房间', '前台', '酒店', '早餐', '卫生间', '空调', '床', '隔音'],
    problems: ['有霉味', '服务太慢', '太吵了', '很脏', '不制冷', '太硬了，睡得腰疼', '热水不稳定', '跟照片差太多'],
    goods: ['很干净', '很热情', '很舒服', '很丰富', '特别安静', '位置很方便'],
    suggestions: ['换一批新枕头', '延长早餐时间', '增加遮光窗帘', '提供免费接机', '多放几个插座'],
    questions: ['可以延迟退房', '有停车场', '可以带宠物', '早餐几点开始', '能开发票'],
  },
  bank: {
    aspects: ['柜台', '手机银行', '客服电话', '信用卡', '网点', '转账', 'ATM', '理财经理'],
    problems: [
      '排队太久',
      '老是登录失败',
      '根本打不进去',
      '乱扣年费',
      '只开一个窗口',
      '到账太慢',
      '吞卡了没人管',
      '一直推销',
    ],
    goods: ['办事效率很高', '很好用', '很专业', '服务很耐心', '秒到账', '环境很舒适'],
    suggestions: ['周末多开几个窗口', '支持指纹登录', '增加人工客服入口', '短信里写清楚扣款原因', '提供线上预约取号'],
    questions: ['年费怎么免', '怎么提高转账额度', '外币兑换要预约', '网点周六营业', '理财可以提前赎回'],
  },
  telecom: {
    aspects: ['宽带', '信号', '话费', '营业厅', '客服', '流量', '套餐', '5G'],
    problems: [
      '三天两头断网',
      '差得要命',
      '莫名多扣了钱',
      '排队一小时',
      '一直推诿',
      '用得特别快还乱扣费',
      '改不了',
      '还不如4G',
    ],
    goods: ['很稳定', '网速很快', '很划算', '处理得很及时', '服务态度很好'],
    suggestions: ['出个家庭共享套餐', '报修能在APP上预约', '流量和通话分开选', '营业厅增加自助机', '到期前提醒续约'],
    questions: ['怎么查余额', '宽带能移机', '国际漫游怎么开通', '换套餐要去营业厅', '携号转网要多久'],
  },
  app: {
    aspects: ['APP', '软件', '新版本', '登录', '支付页面', '搜索', '推送', '会员'],
    problems: [
      '老是闪退',
      '卡得要死',
      '登录不上',
      '点了没反应',
      '搜不到东西',
      '太频繁了',
      '自动续费不提醒',
      '广告太多',
    ],
    goods: ['很流畅', '很好用', '界面很简洁', '功能很全', '比以前快多了'],
    suggestions: ['增加深色模式', '支持导出账单', '推送可以分类关闭', '加个批量删除', '保留旧版入口'],
    questions: ['怎么注销账号', '支持iPad', '怎么换绑手机号', '积分什么时候过期', '会员可以退'],
  },
  retail: {
    aspects: ['衣服', '快递', '鞋子', '商品', '客服', '质量', '尺码', '物流'],
    problems: [
      '掉色严重',
      '把箱子压坏了',
      '穿一周就开胶',
      '跟图片完全不一样',
      '只会复制粘贴',
      '太差了',
      '严重偏小',
      '一个星期还没到',
    ],
    goods: ['质量很好', '很快', '很合身', '跟描述一致', '很耐心', '做工精细'],
    suggestions: ['写清楚尺码表', '提供运费险', '包装加厚一点', '发顺丰', '多上几个颜色'],
    questions: ['有XL码', '什么时候发货', '可以货到付款', '支持七天无理由退货', '是正品'],
  },
};

const EN: Record<string, Domain> = {
  restaurant: {
    aspects: ['the food', 'the service', 'our waiter', 'the pizza', 'the soup', 'the delivery'],
    problems: ['was cold', 'was terrible', 'took over an hour', 'was rude', 'was overpriced', 'was wrong again'],
    goods: ['was delicious', 'was excellent', 'was friendly', 'was quick', 'was great'],
    suggestions: ['offer smaller portions', 'add vegan dishes', 'show the delivery time', 'open earlier on weekends'],
    questions: ['take reservations', 'have gluten-free options', 'deliver after 10pm', 'have parking'],
  },
  bank: {
    aspects: ['the app', 'the branch', 'customer support', 'the transfer', 'my card'],
    problems: ['keeps crashing', 'was closed again', 'never answers', 'failed twice', 'was blocked without notice'],
    goods: ['is easy to use', 'was very helpful', 'was fast', 'works great'],
    suggestions: ['add fingerprint login', 'open on Saturdays', 'add a live chat', 'allow CSV export'],
    questions: ['waive the annual fee', 'raise my transfer limit', 'open on Sundays', 'issue a new card quickly'],
  },
  telecom: {
    aspects: ['the internet', 'the signal', 'my bill', 'the technician', 'the plan'],
    problems: ['keeps dropping', 'is awful at home', 'had extra charges again', 'never showed up', 'is a rip-off'],
    goods: ['is fast and stable', 'is great', 'was on time', 'is good value'],
    suggestions: ['offer a family plan', 'let us book repairs online', 'send a reminder before renewal'],
    questions: ['include roaming', 'move my broadband to a new address', 'cancel online', 'keep my number'],
  },
};

const COMPLAINT_ENDS = ['，太失望了', '，差评', '，再也不来了', '，投诉', '，要求退款', '，已经第三次了', '！', '。'];
const WHY = ['为什么', '怎么', '凭什么'];
const SUGG_LEADS = ['建议', '希望能', '最好能', '能不能', '可以考虑', '希望以后'];
const PRAISE_ENDS = ['，点赞', '，下次还来', '，推荐', '，满意', '！', '，好评'];
const Q_LEADS = ['请问', '想问一下', '问下', ''];
const Q_ENDS = ['吗？', '吗', '吗?', '吗，谢谢'];
const NOISE = [
  '无',
  '没有',
  '好',
  'ok',
  '无意见',
  '暂无',
  '没什么',
  '嗯',
  '测试',
  '11111',
  '哈哈',
  '默认好评',
  '。。。',
];
const SPAM = [
  '加微信{n}领红包',
  '兼职刷单日结，QQ {n}',
  '代开发票 电话1{n}',
  '点击 http://t.cn/{s} 领取优惠',
  '免费领手机，戳 www.{s}.com',
];
const EN_ENDS = ['.', '!', ', very disappointed.', ', not acceptable.', ' again.'];

/** mulberry32: a seeded PRNG, so the file is the same on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function composeTriage(seed = 20261207, perDomain = 70): Array<{ text: string; label: TriageClass }> {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const out = new Map<string, TriageClass>();
  const add = (text: string, label: TriageClass) => {
    if (!out.has(text)) out.set(text, label);
  };
  for (const d of Object.values(ZH)) {
    for (let i = 0; i < perDomain; i++) {
      const a = pick(d.aspects);
      const kind = i % 5;
      if (kind === 0) add(`${a}${pick(d.problems)}${pick(COMPLAINT_ENDS)}`, 'complaint');
      else if (kind === 1)
        add(
          r() < 0.5 ? `${pick(WHY)}${a}${pick(d.problems)}？` : `${a}${pick(d.problems)}${pick(COMPLAINT_ENDS)}`,
          'complaint',
        );
      else if (kind === 2) {
        const lead = pick(SUGG_LEADS);
        const s = `${lead}${pick(d.suggestions)}${lead === '能不能' ? '？' : ''}`;
        add(r() < 0.4 ? `${a}${pick(d.problems)}，${s}` : s, 'suggestion');
      } else if (kind === 3) add(`${a}${pick(d.goods)}${pick(PRAISE_ENDS)}`, 'praise');
      else add(`${pick(Q_LEADS)}${pick(d.questions)}${pick(Q_ENDS)}`, 'question');
    }
  }
  for (const d of Object.values(EN)) {
    for (let i = 0; i < perDomain / 2; i++) {
      const a = pick(d.aspects);
      const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
      const kind = i % 5;
      if (kind === 0 || kind === 1) add(`${cap(a)} ${pick(d.problems)}${pick(EN_ENDS)}`, 'complaint');
      else if (kind === 2)
        add(r() < 0.5 ? `Please ${pick(d.suggestions)}.` : `You should ${pick(d.suggestions)}.`, 'suggestion');
      else if (kind === 3) add(`${cap(a)} ${pick(d.goods)}${r() < 0.5 ? '!' : ', thanks.'}`, 'praise');
      else add(`${r() < 0.5 ? 'Do you' : 'Can you'} ${pick(d.questions)}?`, 'question');
    }
  }
  for (let i = 0; i < 90; i++) {
    const n = String(Math.floor(r() * 1e9));
    const s = Math.floor(r() * 1e6).toString(36);
    if (i % 3 === 0) add(pick(SPAM).replace('{n}', n).replace('{s}', s), 'noise');
    else if (i % 3 === 1) add(pick(NOISE).repeat(1 + Math.floor(r() * 3)), 'noise');
    else add(`${pick(NOISE)}${pick(['', '。', '!', '~', ' '])}`, 'noise');
  }
  return [...out].map(([text, label]) => ({ text, label }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const item of composeTriage()) process.stdout.write(`${JSON.stringify(item)}\n`);
}
