import { answerLines, type TUiLang } from '@loopcx/shared';
import { emailFrame, escapeHtml, type RenderedEmail } from '../notifications/email.ts';
import type { AlertResponse } from './alert-text.ts';
import type { CustomerHistory } from './queries/customer-history.ts';

const W: Record<
  TUiLang,
  {
    subject: (rule: string, unit: string) => string;
    unit: string;
    survey: string;
    score: string;
    comment: string;
    noComment: string;
    answers: string;
    ticket: string;
    history: string;
    pastResponses: string;
    pastTickets: string;
    none: string;
    status: Record<string, string>;
  }
> = {
  'zh-CN': {
    subject: (rule, unit) => `【预警】${rule}${unit ? ` — ${unit}` : ''}`,
    unit: '门店/单位',
    survey: '问卷',
    score: '评分',
    comment: '顾客留言',
    noComment: '（未留言）',
    answers: '答卷内容',
    ticket: '工单',
    history: '该顾客近期记录',
    pastResponses: '近期答卷',
    pastTickets: '近期工单',
    none: '无',
    status: {
      new: '新建',
      acknowledged: '已受理',
      in_progress: '处理中',
      resolved: '已解决',
      closed: '已关闭',
      reopened: '重新打开',
    },
  },
  en: {
    subject: (rule, unit) => `[Alert] ${rule}${unit ? ` — ${unit}` : ''}`,
    unit: 'Unit',
    survey: 'Survey',
    score: 'Score',
    comment: 'Comment',
    noComment: '(no comment)',
    answers: 'Answers',
    ticket: 'Ticket',
    history: 'This customer recently',
    pastResponses: 'Responses',
    pastTickets: 'Tickets',
    none: 'none',
    status: {
      new: 'New',
      acknowledged: 'Acknowledged',
      in_progress: 'In progress',
      resolved: 'Resolved',
      closed: 'Closed',
      reopened: 'Reopened',
    },
  },
};

/** What an alert email says about one response. */
export interface AlertEmailInput {
  lang: TUiLang;
  ruleName: string;
  response: AlertResponse;
  comment: string;
  ticket: { number: string | null; url: string | null } | null;
  history: CustomerHistory;
  /** Formats a time for the reader (the tenant's zone). */
  when: (iso: string) => string;
}

const scoreText = (scores: Record<string, number>) =>
  Object.entries(scores ?? {})
    .filter(([k]) => !k.includes(':'))
    .map(([k, v]) => `${k.toUpperCase()} ${v}`)
    .join(' · ');

/**
 * An alert email in the reader's language: the score, the comment, the answers, the ticket link and the customer's
 * recent responses and tickets, as HTML with a plain-text alternative. Every value from a respondent or a user is
 * escaped; the only link is the console's own ticket URL.
 */
export function renderAlertEmail(i: AlertEmailInput): RenderedEmail {
  const w = W[i.lang];
  const r = i.response;
  const unit = r.unit_name ? `${r.unit_name}${r.unit_code ? ` (${r.unit_code})` : ''}` : '';
  const score = scoreText(r.scores);
  const answers = answerLines(r.definition, r.answers ?? {}, i.lang);
  const pastResponses = i.history.responses.map(
    (h) => `${i.when(h.at)} · ${h.survey}${scoreText(h.scores) ? ` · ${scoreText(h.scores)}` : ''}`,
  );
  const pastTickets = i.history.tickets.map(
    (t) => `${i.when(t.at)} · #${t.number} ${t.title} · ${w.status[t.status] ?? t.status}`,
  );
  const subject = w.subject(i.ruleName, r.unit_name ?? '');

  const text = [
    subject,
    '',
    `${w.survey}: ${r.survey_name}`,
    unit ? `${w.unit}: ${unit}` : null,
    score ? `${w.score}: ${score}` : null,
    `${w.comment}: ${i.comment || w.noComment}`,
    i.ticket?.url ? `${w.ticket}${i.ticket.number ? ` #${i.ticket.number}` : ''}: ${i.ticket.url}` : null,
    '',
    `${w.answers}:`,
    ...answers.map((l) => `- ${l.title}: ${l.text}`),
    '',
    `${w.history}:`,
    `${w.pastResponses}: ${pastResponses.length ? '' : w.none}`,
    ...pastResponses.map((l) => `- ${l}`),
    `${w.pastTickets}: ${pastTickets.length ? '' : w.none}`,
    ...pastTickets.map((l) => `- ${l}`),
  ]
    .filter((x) => x !== null)
    .join('\n');

  const row = (k: string, v: string) =>
    `<tr><td style="padding:4px 12px 4px 0;color:#8c8c8c;white-space:nowrap;vertical-align:top">${escapeHtml(k)}</td><td style="padding:4px 0">${v}</td></tr>`;
  const list = (items: string[]) =>
    items.length
      ? `<ul style="margin:4px 0 12px;padding-left:20px">${items.map((x) => `<li style="margin:2px 0">${escapeHtml(x)}</li>`).join('')}</ul>`
      : `<p style="margin:4px 0 12px;color:#8c8c8c">${escapeHtml(w.none)}</p>`;
  const blocks = [
    `<table style="border-collapse:collapse;font-size:14px;margin-bottom:12px">${[
      row(w.survey, escapeHtml(r.survey_name)),
      unit ? row(w.unit, escapeHtml(unit)) : '',
      score ? row(w.score, `<strong style="color:#cf1322;font-size:16px">${escapeHtml(score)}</strong>`) : '',
      i.ticket?.url
        ? row(
            w.ticket,
            `<a href="${escapeHtml(i.ticket.url)}">${escapeHtml(i.ticket.number ? `#${i.ticket.number}` : i.ticket.url)}</a>`,
          )
        : '',
    ].join('')}</table>`,
    `<h2 style="font-size:15px;margin:16px 0 6px">${escapeHtml(w.comment)}</h2><blockquote style="margin:0 0 12px;padding:8px 12px;background:#fff1f0;border-left:3px solid #ff4d4f;white-space:pre-wrap">${escapeHtml(i.comment || w.noComment)}</blockquote>`,
    `<h2 style="font-size:15px;margin:16px 0 6px">${escapeHtml(w.answers)}</h2>${list(answers.map((l) => `${l.title}: ${l.text}`))}`,
    `<h2 style="font-size:15px;margin:16px 0 6px">${escapeHtml(w.history)}</h2><p style="margin:4px 0;font-weight:600">${escapeHtml(w.pastResponses)}</p>${list(pastResponses)}<p style="margin:4px 0;font-weight:600">${escapeHtml(w.pastTickets)}</p>${list(pastTickets)}`,
  ];
  return { subject, text, html: emailFrame({ lang: i.lang, title: subject, blocks, url: i.ticket?.url ?? null }) };
}
