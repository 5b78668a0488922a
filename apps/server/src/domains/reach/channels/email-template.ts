import type { OutboundInvitation } from './adapter.ts';

/**
 * The invitation email in zh-CN and en: subject, plain text (the Reach job's rendered text) and an HTML body. When
 * the survey opens with a question that has at most 11 fixed answers (NPS 0–10, a 1–5 rating, a short choice list),
 * the HTML shows one button per answer, each linking to the survey with that answer prefilled (`?q_<name>=<value>`,
 * read by the survey page: decision 42), so the first tap already answers it — the respondent still submits on the
 * page, nothing is recorded by the click itself (mail scanners follow links).
 */

const STRINGS = {
  'zh-CN': {
    subject: (title: string) => `邀请您参与「${title}」`,
    reminder: '提醒：',
    intro: '感谢您的光临！请花一分钟告诉我们您的体验，您的意见会让我们做得更好。',
    tap: '点击一个选项即可开始：',
    start: '开始填写',
    low: '完全不可能',
    high: '非常可能',
    unsubscribe: '不想再收到此类邀请？',
    unsubscribeLink: '退订',
  },
  en: {
    subject: (title: string) => `Tell us about your experience: ${title}`,
    reminder: 'Reminder: ',
    intro: 'Thank you for your visit! Could you spare a minute to tell us how it went? Your answers help us improve.',
    tap: 'Tap an answer to begin:',
    start: 'Start the survey',
    low: 'Not at all likely',
    high: 'Extremely likely',
    unsubscribe: "Don't want these invitations?",
    unsubscribeLink: 'Unsubscribe',
  },
} as const;

type Strings = (typeof STRINGS)[keyof typeof STRINGS];

/** zh-CN for any Chinese locale, en otherwise. */
export function stringsFor(locale: string): Strings {
  return locale.toLowerCase().startsWith('zh') ? STRINGS['zh-CN'] : STRINGS.en;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** The survey URL with one answer prefilled: `q_<name>=<value>` added to its query. */
export function prefillUrl(surveyUrl: string, name: string, value: string | number): string {
  const sep = surveyUrl.includes('?') ? '&' : '?';
  return `${surveyUrl}${sep}q_${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`;
}

/** The first question's answers as buttons, when it has 2–11 of them. */
function answerButtons(m: OutboundInvitation, t: Strings): string {
  const q = m.survey.firstQuestion;
  const choices = q?.choices;
  if (!q || !choices || choices.length < 2 || choices.length > 11) return '';
  const isScale = q.type === 'rating';
  const cell = (c: { value: string | number; text: string }) =>
    `<td style="padding:2px"><a href="${esc(prefillUrl(m.url, q.name, c.value))}" style="display:block;min-width:28px;padding:8px 6px;border:1px solid #c9cdd4;border-radius:6px;color:#1f2329;text-decoration:none;text-align:center;font-weight:600">${esc(c.text)}</a></td>`;
  const scaleLabels = isScale
    ? `<tr><td colspan="${choices.length}" style="font-size:12px;color:#8a8f99"><span style="float:left">${esc(t.low)}</span><span style="float:right">${esc(t.high)}</span></td></tr>`
    : '';
  const row = isScale ? `<tr>${choices.map(cell).join('')}</tr>` : choices.map((c) => `<tr>${cell(c)}</tr>`).join('');
  return `<p style="margin:16px 0 4px;font-weight:600">${esc(q.title)}</p><p style="margin:0 0 8px;color:#8a8f99">${esc(t.tap)}</p><table role="presentation" cellspacing="0" cellpadding="0" style="border-collapse:collapse">${row}${scaleLabels}</table>`;
}

/** Subject, text and HTML of one invitation. */
export function renderInvitationEmail(m: OutboundInvitation): { subject: string; text: string; html: string } {
  const t = stringsFor(m.locale);
  // The Reach job's rendered subject already says "reminder" when it is one; the default subject says it here.
  const subject = m.message.subject?.trim() || `${m.reminder ? t.reminder : ''}${t.subject(m.survey.title)}`;
  const html = `<!doctype html><html lang="${esc(m.locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(subject)}</title></head>
<body style="margin:0;background:#f5f7fa;font:15px/1.6 -apple-system,'PingFang SC','Microsoft YaHei',Arial,sans-serif;color:#1f2329">
<div style="max-width:560px;margin:0 auto;padding:24px 16px"><div style="background:#fff;border-radius:12px;padding:24px">
<h1 style="font-size:18px;margin:0 0 12px">${esc(m.survey.title)}</h1>
<p style="margin:0">${esc(t.intro)}</p>
${answerButtons(m, t)}
<p style="margin:20px 0 0"><a href="${esc(m.url)}" style="display:inline-block;background:#1677ff;color:#fff;text-decoration:none;padding:10px 20px;border-radius:6px">${esc(t.start)}</a></p>
</div>
<p style="font-size:12px;color:#8a8f99;text-align:center;margin:16px 0 0">${esc(t.unsubscribe)} <a href="${esc(m.unsubscribeUrl)}" style="color:#8a8f99">${esc(t.unsubscribeLink)}</a></p>
</div></body></html>`;
  return { subject, text: m.message.text, html };
}
