/** What the demo's ticket history says: root causes read from comments, resolutions and comments by the store. */

type Answers = Record<string, unknown>;

/** What the store team writes when it resolves a ticket of each root cause. */
export const RESOLUTIONS: Record<string, string[]> = {
  'slow-serving': ['已致电顾客致歉，赠送下次用餐优惠券；高峰期增加传菜员', '与厨房核对出餐顺序，超时菜品免单'],
  'food-quality': ['已致歉并退还该菜品费用，厨师长复核配方', '菜品重做并赠送甜品，通知后厨加强出品检查'],
  'food-temperature': ['已致歉退款，出餐口加装保温灯', '联系顾客致歉，外卖改用保温袋'],
  'staff-attitude': ['店长当面致歉，对当班服务员进行服务培训', '已回访致歉，服务员已约谈并复训'],
  packaging: ['已全额退款，门店改用带卡扣的汤碗和封口贴', '致歉并补发餐品，打包台增加封口检查'],
  'delivery-delay': ['与配送平台核实超时原因，已补偿顾客配送费', '已致歉并赠送免配送费券'],
  hygiene: ['店长安排全面清洁并致电顾客说明整改', '已致歉，增加每小时桌面巡检'],
  price: ['向顾客解释价格调整并赠送代金券', '已回访说明套餐优惠'],
  queue: ['上线线上排队叫号，已告知顾客', '高峰期增加等位区座椅与茶水'],
  other: ['已联系顾客了解情况并致歉', '已记录顾客建议并反馈总部'],
};
export const COMMENTS = [
  '已电话联系顾客，顾客表示理解',
  '已调取当天监控核实情况',
  '顾客未接电话，已发短信致歉',
  '与厨师长沟通，明日例会通报',
  '顾客要求退款，已提交财务审批',
];

/** The root cause the store would find, read from what the customer said. */
export function rootCauseOf(d: { answers: Answers }, queueBefore: boolean): string {
  const reasons = [...((d.answers.reasons as string[]) ?? []), ...((d.answers.improve as string[]) ?? [])];
  const text = Object.values(d.answers)
    .filter((v): v is string => typeof v === 'string')
    .join(' ');
  if (/洒|漏|包装|餐盒|leak|spill/i.test(text)) return 'packaging';
  if (/配送|骑手|送到|[Dd]elivery/.test(text)) return 'delivery-delay';
  if (queueBefore) return 'queue';
  if (/慢|等了|催|久|[Ww]ait/.test(text) || reasons.includes('speed')) return 'slow-serving';
  if (/凉|温度|cold/i.test(text) || reasons.includes('temperature')) return 'food-temperature';
  if (/态度|没人理|rude|不耐烦/i.test(text) || reasons.includes('service')) return 'staff-attitude';
  if (reasons.includes('hygiene') || /卫生|油腻/.test(text)) return 'hygiene';
  if (reasons.includes('price') || /贵|价格|pricey/i.test(text)) return 'price';
  if (/咸|口味|味道|分量|质量|[Qq]uality/.test(text) || reasons.includes('taste') || reasons.includes('portion'))
    return 'food-quality';
  return 'other';
}
