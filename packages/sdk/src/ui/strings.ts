/** The two languages the widget speaks: Chinese for any zh* locale, English otherwise. */
export type Lang = 'zh-CN' | 'en';

export const langOf = (locale: string | undefined): Lang => (/^zh/i.test(locale ?? '') ? 'zh-CN' : 'en');

const ZH = {
  close: '关闭',
  survey: '问卷',
  thanks: '感谢你的反馈！',
  placeholder: '说说你遇到的问题或建议…',
  shot: '截图（可选，PNG/JPEG/WebP，≤ 1 MB）',
  email: '邮箱（可选，方便我们回复你）',
  phone: '手机号（可选）',
  send: '提交',
  sending: '提交中…',
  sent: '已收到，谢谢你的吐槽！我们会认真处理。',
  needText: '请先写下你的反馈。',
  tooLong: '反馈最多 2000 字。',
  badShot: '截图须为 PNG、JPEG 或 WebP 图片，且不超过 1 MB。',
  failed: '提交失败，请稍后再试。',
  reply: '我们的回复',
};

export const STRINGS: Record<Lang, typeof ZH> = {
  'zh-CN': ZH,
  en: {
    close: 'Close',
    survey: 'Survey',
    thanks: 'Thank you for your feedback!',
    placeholder: 'Tell us what went wrong or what we could do better…',
    shot: 'Screenshot (optional, PNG/JPEG/WebP, ≤ 1 MB)',
    email: 'Email (optional, so we can reply)',
    phone: 'Phone (optional)',
    send: 'Send',
    sending: 'Sending…',
    sent: 'Received, thank you! We will look into it.',
    needText: 'Please write your feedback first.',
    tooLong: 'Feedback is at most 2,000 characters.',
    badShot: 'The screenshot must be a PNG, JPEG or WebP image of at most 1 MB.',
    failed: 'Sending failed, please try again later.',
    reply: 'Our reply',
  },
};

/** A text the tenant configured in both languages ({ "zh-CN": …, en: … }), in the visitor's, else the other. */
export function pick(t: unknown, lang: Lang, fallback: string): string {
  if (!t || typeof t !== 'object') return fallback;
  const o = t as Record<string, unknown>;
  const v = o[lang] ?? o[lang === 'en' ? 'zh-CN' : 'en'];
  return typeof v === 'string' && v.trim() ? v.slice(0, 200) : fallback;
}
