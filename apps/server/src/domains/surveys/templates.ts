import type { TBindings } from '@loopcx/shared';

/**
 * A bilingual string in SurveyJS form. SurveyJS treats `default` as the text of its default locale (English),
 * so English goes in `default` and Chinese under `zh-cn`; the surveys themselves open in zh-cn.
 */
const l = (zh: string, en: string) => ({ default: en, 'zh-cn': zh });
const choice = (value: string, zh: string, en: string) => ({ value, text: l(zh, en) });

const npsQ = (name: string, zh: string, en: string) => ({
  type: 'rating',
  name,
  title: l(zh, en),
  isRequired: true,
  rateMin: 0,
  rateMax: 10,
  minRateDescription: l('完全不可能', 'Not at all likely'),
  maxRateDescription: l('非常可能', 'Extremely likely'),
});
const csatQ = (name: string, zh: string, en: string, extra: Record<string, unknown> = {}) => ({
  type: 'rating',
  name,
  title: l(zh, en),
  isRequired: true,
  rateMin: 1,
  rateMax: 5,
  minRateDescription: l('非常不满意', 'Very dissatisfied'),
  maxRateDescription: l('非常满意', 'Very satisfied'),
  ...extra,
});
const comment = (name: string, zh: string, en: string, extra: Record<string, unknown> = {}) => ({
  type: 'comment',
  name,
  title: l(zh, en),
  maxLength: 2000,
  ...extra,
});

export interface SurveyTemplate {
  id: string;
  name: { 'zh-CN': string; en: string };
  description: { 'zh-CN': string; en: string };
  definition: Record<string, unknown>;
  bindings: TBindings;
}

const thanks = {
  completedHtml: l(
    '<h3>感谢您的反馈！</h3><p>我们会认真对待每一条意见。</p>',
    '<h3>Thank you for your feedback!</h3><p>Every comment is read.</p>',
  ),
};

export const TEMPLATES: SurveyTemplate[] = [
  {
    id: 'relational-nps',
    name: { 'zh-CN': '品牌 NPS（关系型）', en: 'Relational NPS' },
    description: {
      'zh-CN': '定期了解顾客向亲友推荐的意愿及原因',
      en: 'How likely customers are to recommend you, and why',
    },
    bindings: { nps: 'nps' },
    definition: {
      locale: 'zh-cn',
      title: l('您的意见很重要', 'Your opinion matters'),
      pages: [
        {
          name: 'p1',
          elements: [
            npsQ('nps', '您有多大可能向亲友推荐我们？', 'How likely are you to recommend us to a friend or colleague?'),
            comment('nps_reason', '请告诉我们打出这个分数的主要原因', 'What is the main reason for your score?'),
            {
              type: 'checkbox',
              name: 'improve',
              title: l('我们最需要改进哪些方面？', 'What should we improve first?'),
              visibleIf: '{nps} <= 8',
              choices: [
                choice('taste', '菜品口味', 'Taste'),
                choice('speed', '上菜速度', 'Speed of service'),
                choice('service', '服务态度', 'Staff attitude'),
                choice('price', '价格', 'Price'),
                choice('environment', '环境卫生', 'Cleanliness'),
                choice('portion', '分量', 'Portion size'),
              ],
              showOtherItem: true,
            },
          ],
        },
      ],
      ...thanks,
    },
  },
  {
    id: 'post-dining-csat',
    name: { 'zh-CN': '就餐后满意度（CSAT）', en: 'Post-dining CSAT' },
    description: {
      'zh-CN': '就餐结束后评价整体满意度；不满意时追问原因',
      en: 'Overall satisfaction after the meal, with reasons when unhappy',
    },
    bindings: { csat: { question: 'csat', scale: 5 }, ratings: ['food', 'service', 'speed'] },
    definition: {
      locale: 'zh-cn',
      pages: [
        {
          name: 'p1',
          elements: [
            csatQ('csat', '您对本次就餐的整体满意度如何？', 'How satisfied are you with your meal today?'),
            {
              type: 'checkbox',
              name: 'reasons',
              title: l('哪些方面让您不满意？', 'What disappointed you?'),
              visibleIf: '{csat} <= 3',
              isRequired: true,
              choices: [
                choice('taste', '口味', 'Taste'),
                choice('temperature', '菜品温度', 'Food temperature'),
                choice('speed', '上菜慢', 'Slow serving'),
                choice('service', '服务态度', 'Staff attitude'),
                choice('hygiene', '卫生', 'Hygiene'),
                choice('price', '价格偏高', 'Price'),
              ],
              showOtherItem: true,
            },
            csatQ('food', '菜品口味', 'Food', { isRequired: false }),
            csatQ('service', '服务', 'Service', { isRequired: false }),
            csatQ('speed', '上菜速度', 'Speed of serving', { isRequired: false }),
            comment('comment', '还有什么想告诉我们的？', 'Anything else you would like to tell us?'),
          ],
        },
      ],
      ...thanks,
    },
  },
  {
    id: 'service-call-ces',
    name: { 'zh-CN': '客服来电后费力度（CES）', en: 'CES after a service call' },
    description: {
      'zh-CN': '来电处理后，问题解决有多容易',
      en: 'How easy it was to get the issue resolved on the call',
    },
    bindings: { ces: 'ces' },
    definition: {
      locale: 'zh-cn',
      pages: [
        {
          name: 'p1',
          elements: [
            {
              type: 'rating',
              name: 'ces',
              isRequired: true,
              rateMin: 1,
              rateMax: 7,
              title: l('这次解决问题有多容易？', 'How easy was it to get your issue resolved?'),
              minRateDescription: l('非常困难', 'Very difficult'),
              maxRateDescription: l('非常容易', 'Very easy'),
            },
            {
              type: 'boolean',
              name: 'resolved',
              title: l('您的问题解决了吗？', 'Was your issue resolved?'),
              labelTrue: l('已解决', 'Yes'),
              labelFalse: l('未解决', 'No'),
            },
            comment('ces_reason', '有什么让这个过程变得困难？', 'What made it hard?', {
              visibleIf: '{ces} <= 4 or {resolved} = false',
            }),
          ],
        },
      ],
      ...thanks,
    },
  },
  {
    id: 'store-visit',
    name: { 'zh-CN': '门店到店体验', en: 'Store visit' },
    description: {
      'zh-CN': '按得分追问：低分问原因，高分问亮点',
      en: 'Follow-up questions by score: reasons when low, highlights when high',
    },
    bindings: { nps: 'nps', csat: { question: 'csat', scale: 5 }, ratings: ['wait', 'serve'] },
    definition: {
      locale: 'zh-cn',
      pages: [
        {
          name: 'scores',
          elements: [
            csatQ('csat', '您对本次到店体验满意吗？', 'How satisfied were you with your visit?'),
            csatQ('wait', '排队等位', 'Waiting for a table', { isRequired: false }),
            csatQ('serve', '上菜速度', 'Serving speed', { isRequired: false }),
            npsQ('nps', '您会推荐这家门店吗？', 'Would you recommend this store?'),
          ],
        },
        {
          name: 'followup',
          elements: [
            comment('low_reason', '很抱歉！哪里让您失望了？', 'We are sorry! What went wrong?', {
              visibleIf: '{csat} <= 2 or {nps} <= 6',
              isRequired: true,
            }),
            {
              type: 'boolean',
              name: 'contact_ok',
              title: l('店长可以联系您跟进吗？', 'May the store manager contact you?'),
              visibleIf: '{csat} <= 2 or {nps} <= 6',
            },
            // A contact question (text + tel): kept only masked and sealed, shown on the ticket for a call-back.
            {
              type: 'text',
              inputType: 'tel',
              name: 'contact_phone',
              title: l('请留下您的手机号', 'Your phone number'),
              placeholder: l('例如 138 0013 8000', 'e.g. +86 138 0013 8000'),
              visibleIf: '{contact_ok} = true',
              isRequired: true,
            },
            comment('highlight', '太好了！最让您满意的是什么？', 'Great! What did you like most?', {
              visibleIf: '{nps} >= 9',
            }),
          ],
        },
      ],
      showProgressBar: 'top',
      ...thanks,
    },
  },
  {
    id: 'checkout-categories',
    name: { 'zh-CN': '超市收银后评价（千人千面）', en: 'Supermarket checkout (personalised)' },
    description: {
      'zh-CN': '只询问顾客本次购买的品类：链接携带交易上下文 context.categories',
      en: 'Asks only about the categories bought: the link carries context.categories',
    },
    bindings: { csat: { question: 'csat', scale: 5 }, ratings: ['fresh', 'bakery', 'dairy', 'household'] },
    definition: {
      locale: 'zh-cn',
      pages: [
        {
          name: 'p1',
          elements: [
            csatQ('csat', '您对本次购物的整体满意度？', 'How satisfied are you with this shopping trip?'),
            csatQ('fresh', '生鲜品质', 'Fresh produce quality', {
              isRequired: false,
              visibleIf: "{context.categories} contains 'fresh'",
            }),
            csatQ('bakery', '烘焙面包', 'Bakery', {
              isRequired: false,
              visibleIf: "{context.categories} contains 'bakery'",
            }),
            csatQ('dairy', '乳制品', 'Dairy', {
              isRequired: false,
              visibleIf: "{context.categories} contains 'dairy'",
            }),
            csatQ('household', '日用百货', 'Household goods', {
              isRequired: false,
              visibleIf: "{context.categories} contains 'household'",
            }),
            csatQ('checkout', '收银排队', 'Checkout queue', { isRequired: false }),
            comment('comment', '其他建议', 'Other suggestions'),
          ],
        },
      ],
      ...thanks,
    },
  },
];
