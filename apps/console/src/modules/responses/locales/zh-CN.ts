/** Chinese strings of the responses module (namespace `responses`); the default language and the shape `en.ts` must match. */
export const zhCN = {
  nav: '答卷',
  title: '答卷',
  survey: '问卷',
  unit: '单位',
  touchpoint: '触点',
  score: '得分',
  text: '文本包含',
  time: '提交时间',
  comment: '文本',
  more: '加载更多',
  channel: '渠道',
  customer: '客户',
  context: '交易上下文',
};
