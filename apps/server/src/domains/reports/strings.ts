/** The languages a report is rendered in: the recipient's locale (users) or the schedule's (plain addresses). */
export type ReportLocale = 'zh-CN' | 'en';

/** Every label a report (PDF, email, printable page) prints, in zh-CN and en. */
export const REPORT_STRINGS = {
  'zh-CN': {
    title: '客户体验报告',
    week: '周报',
    month: '月报',
    quarter: '季报',
    period: '周期',
    previous: '对比',
    generated: '生成时间',
    keyMetrics: '核心指标',
    metric: '指标',
    value: '本期',
    prev: '上期',
    change: '变化',
    target: '目标',
    n: '样本量',
    significant: '显著',
    notSignificant: '不显著',
    suppressed: '样本不足',
    movers: '变化最大的下级单位',
    unit: '单位',
    noMovers: '本期没有显著变化的下级单位。',
    topics: '负面话题 Top',
    topic: '话题',
    negative: '负面',
    negativeShare: '负面占比',
    noTopics: '本期没有负面话题。',
    overdue: '逾期工单',
    ticket: '工单',
    priority: '优先级',
    due: '截止',
    hoursOverdue: '逾期 (小时)',
    noOverdue: '没有逾期工单。',
    page: '第 {n} / {of} 页',
    more: '另有 {n} 条',
    open: '在控制台中查看',
    emailIntro: '{unit} {period} 的客户体验报告已生成，完整版见附件 PDF。',
    metrics: { nps: 'NPS', csat: '满意度 CSAT', ces: '费力度 CES', responses: '答卷数' } as Record<string, string>,
    priorities: { low: '低', normal: '普通', high: '高', urgent: '紧急' } as Record<string, string>,
  },
  en: {
    title: 'Customer experience report',
    week: 'Weekly report',
    month: 'Monthly report',
    quarter: 'Quarterly report',
    period: 'Period',
    previous: 'Compared with',
    generated: 'Generated',
    keyMetrics: 'Key metrics',
    metric: 'Metric',
    value: 'This period',
    prev: 'Previous',
    change: 'Change',
    target: 'Target',
    n: 'n',
    significant: 'significant',
    notSignificant: 'not significant',
    suppressed: 'too few responses',
    movers: 'Biggest movers among child units',
    unit: 'Unit',
    noMovers: 'No child unit moved significantly this period.',
    topics: 'Top negative topics',
    topic: 'Topic',
    negative: 'Negative',
    negativeShare: '% negative',
    noTopics: 'No negative topics this period.',
    overdue: 'Overdue tickets',
    ticket: 'Ticket',
    priority: 'Priority',
    due: 'Due',
    hoursOverdue: 'Hours overdue',
    noOverdue: 'No overdue tickets.',
    page: 'Page {n} of {of}',
    more: '{n} more',
    open: 'Open in the console',
    emailIntro: 'The customer experience report of {unit} for {period} is ready; the full report is attached as a PDF.',
    metrics: { nps: 'NPS', csat: 'CSAT', ces: 'Customer effort (CES)', responses: 'Responses' } as Record<
      string,
      string
    >,
    priorities: { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' } as Record<string, string>,
  },
} as const;

export type ReportStrings = (typeof REPORT_STRINGS)[ReportLocale];

/** Fills `{name}` placeholders. */
export const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

/** A signed change with one decimal ("+3.2", "−1.0"). */
export function signed(x: number | null, digits = 1): string {
  if (x === null) return '—';
  const s = Math.abs(x).toFixed(digits);
  return x > 0 ? `+${s}` : x < 0 ? `−${s}` : s;
}

/** A metric value for print: counts whole, scores with one decimal. */
export function formatValue(key: string, v: number | null): string {
  if (v === null) return '—';
  return key === 'responses' ? String(Math.round(v)) : v.toFixed(1);
}
