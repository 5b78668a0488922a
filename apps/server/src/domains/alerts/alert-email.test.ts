import { describe, expect, it } from 'vitest';
import { renderAlertEmail } from './alert-email.ts';

const response = {
  survey_name: '就餐满意度 <调查>',
  unit_name: '上海人民广场店',
  unit_code: 'SH-01',
  definition: {
    elements: [
      { type: 'rating', name: 'nps', title: { default: 'Recommend?', 'zh-cn': '推荐意愿' }, rateMin: 0, rateMax: 10 },
      { type: 'comment', name: 'why', title: { default: 'Reason', 'zh-cn': '原因' } },
    ],
  },
  answers: { nps: 2, why: '等了<b>五十分钟</b> & 没人理' },
  scores: { nps: 2, 'nps:driver': 1 },
};
const history = {
  responses: [{ at: '2026-11-20T04:00:00.000Z', survey: '外卖满意度', scores: { nps: 9 } }],
  tickets: [{ at: '2026-11-02T04:00:00.000Z', number: '1042', title: '菜品偏咸', status: 'closed' }],
};
const when = (iso: string) => iso.slice(0, 10);

describe('alert emails', () => {
  it('carry the score, the comment, the answers, the ticket link and the customer history, escaped, in zh-CN', () => {
    const mail = renderAlertEmail({
      lang: 'zh-CN',
      ruleName: '贬损者预警',
      response,
      comment: response.answers.why,
      ticket: { number: '1088', url: 'https://cx.savor.example/tickets/t-1' },
      history,
      when,
    });
    expect(mail.subject).toBe('【预警】贬损者预警 — 上海人民广场店');
    expect(mail.html).toContain('<html lang="zh-CN">');
    expect(mail.html).toContain('NPS 2');
    expect(mail.html).not.toContain('nps:driver'.toUpperCase());
    expect(mail.html).toContain('等了&lt;b&gt;五十分钟&lt;/b&gt; &amp; 没人理');
    expect(mail.html).not.toContain('<b>五十分钟');
    expect(mail.html).toContain('就餐满意度 &lt;调查&gt;');
    expect(mail.html).toContain('href="https://cx.savor.example/tickets/t-1"');
    expect(mail.html).toContain('#1088');
    expect(mail.html).toContain('推荐意愿: 2');
    expect(mail.html).toContain('2026-11-20 · 外卖满意度 · NPS 9');
    expect(mail.html).toContain('#1042 菜品偏咸 · 已关闭');
    expect(mail.text).toContain('顾客留言: 等了<b>五十分钟</b> & 没人理');
    expect(mail.text).toContain('工单 #1088: https://cx.savor.example/tickets/t-1');
    expect(mail.text).not.toContain('<html');
  });

  it('reads in English for an English reader, and says so when there is no history or comment', () => {
    const mail = renderAlertEmail({
      lang: 'en',
      ruleName: 'Detractor',
      response: { ...response, answers: { nps: 2 } },
      comment: '',
      ticket: null,
      history: { responses: [], tickets: [] },
      when,
    });
    expect(mail.subject).toBe('[Alert] Detractor — 上海人民广场店');
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.html).toContain('Recommend?: 2');
    expect(mail.html).toContain('(no comment)');
    expect(mail.html).toContain('This customer recently');
    expect(mail.text).toContain('Responses: none');
    expect(mail.html).not.toContain('href=');
  });
});
