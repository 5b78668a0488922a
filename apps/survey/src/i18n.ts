/** Runtime strings in the two first-class locales. */
export const STRINGS = {
  zh: {
    next: '下一页',
    prev: '上一页',
    submit: '提交',
    required: '请回答此题',
    saving: '提交中…',
    offline: '网络不可用：答案已保存在本机，联网后将自动重新提交。',
    retrying: '正在重新提交…',
    error: '提交失败',
    thanks: '感谢您的反馈！',
    other: '其他（请注明）',
    reset: '重新排序',
    rankHint: '按顺序点击选项进行排序',
    select: '请选择',
    lang: 'English',
    loading: '加载中…',
    of: '/',
    gone: '问卷已结束或链接已过期',
    invalid: '问卷链接无效',
    paused: '问卷暂未开放，请稍后再试',
    yes: '是',
    no: '否',
    phoneInvalid: '请输入 11 位手机号，或以 + 开头的国际号码',
    already: '您已经填写过这份问卷，感谢您的参与！',
    close: '关闭',
  },
  en: {
    next: 'Next',
    prev: 'Back',
    submit: 'Submit',
    required: 'Please answer this question',
    saving: 'Sending…',
    offline: 'You are offline: your answers are saved on this device and will be sent when you are back online.',
    retrying: 'Sending again…',
    error: 'Could not submit',
    thanks: 'Thank you for your feedback!',
    other: 'Other (please specify)',
    reset: 'Reset order',
    rankHint: 'Tap the options in order of preference',
    select: 'Select…',
    lang: '中文',
    loading: 'Loading…',
    of: '/',
    gone: 'This survey has ended or the link has expired',
    invalid: 'This survey link is not valid',
    paused: 'This survey is not open right now',
    yes: 'Yes',
    no: 'No',
    phoneInvalid: 'Enter an 11-digit mobile number, or an international number starting with +',
    already: 'You have already answered this survey. Thank you!',
    close: 'Close',
  },
};
export type Lang = keyof typeof STRINGS;

/** A SurveyJS localizable string: plain text, or {default, 'zh-cn', en, …}. */
export function loc(v: unknown, lang: Lang): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'object') return String(v);
  const o = v as Record<string, string>;
  return (lang === 'zh' ? (o['zh-cn'] ?? o.zh ?? o['zh-tw']) : o.en) ?? o.default ?? Object.values(o)[0] ?? '';
}
