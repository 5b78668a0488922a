import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { Ticket } from './api.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';
import { slaLine, ticketTitle } from './present.ts';

const i18n = i18next.createInstance();
await i18n.init({
  lng: 'zh-CN',
  resources: { 'zh-CN': { tickets: zhCN }, en: { tickets: en } },
  interpolation: { escapeValue: false },
});

const now = new Date('2026-12-05T06:00:00Z');
const ticket = (over: Partial<Ticket> = {}): Ticket =>
  ({
    id: 'x',
    number: 'T-000001',
    source: 'response',
    status: 'new',
    title: '低分预警 Low score: 上海人民广场店 NPS 3, CSAT 2',
    orgUnit: { id: 'u', code: 'SH-01', name: '上海人民广场店', nameEn: "Shanghai People's Square" },
    scores: { nps: 3, csat: 2 },
    dueAt: '2026-12-06T05:58:00Z',
    slaRemainingMinutes: 1438,
    overdue: false,
    resolvedAt: null,
    ...over,
  }) as Ticket;

describe('ticket text', () => {
  it('composes an alert ticket’s title in the reader’s language; a hand-made ticket keeps its own', () => {
    const zh = i18n.getFixedT('zh-CN');
    const enT = i18n.getFixedT('en');
    expect(ticketTitle(ticket(), zh, 'zh-CN')).toBe('低分预警 · 上海人民广场店 · NPS 3 · CSAT 2');
    expect(ticketTitle(ticket(), enT, 'en')).toBe("Low score · Shanghai People's Square · NPS 3 · CSAT 2");
    expect(ticketTitle(ticket({ source: 'manual', scores: {}, title: '门口台阶破损' }), enT, 'en')).toBe(
      '门口台阶破损',
    );
  });

  it('says the SLA as time left and due time, or how long overdue, never as a count of minutes', () => {
    const zh = i18n.getFixedT('zh-CN');
    const enT = i18n.getFixedT('en');
    const left = slaLine(ticket(), zh, 'zh-CN', 'Asia/Shanghai', now);
    expect(left.text).toBe('还剩 23 小时 58 分 · 12/06 13:58 到期');
    // The tenant's clock decides the day and the time, whatever the browser's zone is.
    expect(slaLine(ticket(), zh, 'zh-CN', 'America/New_York', now).text).toBe('还剩 23 小时 58 分 · 12/06 00:58 到期');
    expect(left.overdue).toBe(false);
    const late = slaLine(
      ticket({ overdue: true, slaRemainingMinutes: -125, dueAt: '2026-12-05T03:55:00Z' }),
      enT,
      'en',
      'Asia/Shanghai',
      now,
    );
    expect(late.text).toBe('Overdue by 2 h 5 min · was due 11:55');
    expect(late.overdue).toBe(true);
    expect(slaLine(ticket({ slaRemainingMinutes: 3 * 1440 + 90 }), enT, 'en', 'Asia/Shanghai', now).text).toMatch(
      /^3 d 1 h left/,
    );
    expect(
      slaLine(
        ticket({ status: 'closed', resolvedAt: '2026-12-04T02:00:00Z', slaRemainingMinutes: null }),
        zh,
        'zh-CN',
        'Asia/Shanghai',
        now,
      ).text,
    ).toMatch(/已解决$/);
  });
});
