/** The home page's server-side words in both console languages (cards arrive localized, like alert emails). */
export type HomeLocale = 'zh-CN' | 'en';

const METRIC = { nps: 'NPS', csat: 'CSAT', ces: 'CES' } as const;

export const copy = {
  'zh-CN': {
    newTickets: (n: number) => `${n} 个新工单待处理`,
    newDetail: (recent: number) => `其中 ${recent} 个在最近 24 小时内`,
    overdue: (n: number) => `${n} 个工单已超时`,
    overdueDetail: (hours: number, num: string) => `最久的 ${num} 已超时 ${hours} 小时`,
    breached: (n: number) => `${n} 个工单未在时限内首次响应`,
    breachedDetail: (num: string) => `最早的是 ${num}`,
    alerts: (rule: string, n: number) => `预警「${rule}」24 小时内触发 ${n} 次`,
    alertsDetail: (units: number) => `涉及 ${units} 个单位`,
    drop: (unit: string, metric: keyof typeof METRIC) => `${unit} ${METRIC[metric]} 显著下降`,
    dropDetail: (prev: string, cur: string, n: number, test: string, p: string) =>
      `近 7 天 ${cur}（上 7 天 ${prev}），n=${n}，${test}，${p}`,
    topic: (topic: string) => `负面话题「${topic}」在上升`,
    topicDetail: (cur: number, prev: number, p: string) => `近 7 天 ${cur} 条负面提及（上 7 天 ${prev} 条），${p}`,
    tests: { 'z-nps': 'NPS 差值 z 检验', 'z-two-proportion': '两比例 z 检验', 'welch-t': 'Welch t 检验' },
  },
  en: {
    newTickets: (n: number) => `${n} new ticket${n === 1 ? '' : 's'} waiting`,
    newDetail: (recent: number) => `${recent} in the last 24 hours`,
    overdue: (n: number) => `${n} ticket${n === 1 ? '' : 's'} overdue`,
    overdueDetail: (hours: number, num: string) => `${num} is the oldest, ${hours} h past due`,
    breached: (n: number) => `${n} ticket${n === 1 ? '' : 's'} missed the first-response SLA`,
    breachedDetail: (num: string) => `The oldest is ${num}`,
    alerts: (rule: string, n: number) => `Alert "${rule}" fired ${n} time${n === 1 ? '' : 's'} in 24 h`,
    alertsDetail: (units: number) => `${units} unit${units === 1 ? '' : 's'} affected`,
    drop: (unit: string, metric: keyof typeof METRIC) => `${METRIC[metric]} dropped significantly at ${unit}`,
    dropDetail: (prev: string, cur: string, n: number, test: string, p: string) =>
      `${cur} in the last 7 days (previous 7: ${prev}), n=${n}, ${test}, ${p}`,
    topic: (topic: string) => `Negative topic "${topic}" is rising`,
    topicDetail: (cur: number, prev: number, p: string) =>
      `${cur} negative mentions in the last 7 days (previous 7: ${prev}), ${p}`,
    tests: { 'z-nps': 'z test on ΔNPS', 'z-two-proportion': 'two-proportion z test', 'welch-t': "Welch's t test" },
  },
} satisfies Record<HomeLocale, unknown>;

/** A p value as people read it. */
export const fmtP = (p: number) => (p < 0.001 ? 'p<0.001' : `p=${p.toFixed(3)}`);

/** A unit's name in the caller's language. */
export const unitLabel = (u: { name: string; nameEn: string | null }, locale: HomeLocale) =>
  locale === 'en' && u.nameEn ? u.nameEn : u.name;
