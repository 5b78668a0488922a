import { describe, expect, it } from 'vitest';
import { enumLabel, enumZhCN } from './enums.ts';
import { formatDue, formatDuration, formatSla } from './format.ts';

describe('durations and SLA in words', () => {
  it('says 23 小时 58 分 instead of 1438 分钟, in both languages', () => {
    expect(formatDuration(1438, 'zh-CN')).toBe('23 小时 58 分');
    expect(formatDuration(1438, 'en')).toBe('23 h 58 min');
    expect(formatDuration(120, 'zh-CN')).toBe('2 小时');
    expect(formatDuration(5, 'en')).toBe('5 min');
    expect(formatDuration(0, 'zh-CN')).toBe('0 分');
    expect(formatDuration(47 * 60, 'en')).toBe('47 h');
    expect(formatDuration(3 * 1440 + 65, 'zh-CN')).toBe('3 天 1 小时');
    expect(formatDuration(2 * 1440, 'en')).toBe('2 d');
    expect(formatDuration(-125, 'en')).toBe('2 h 5 min');
  });

  it('shows remaining time with the due time, and overdue as 逾期', () => {
    const now = new Date('2026-12-05T06:00:00Z');
    expect(formatSla(1438, '2026-12-06T05:58:00Z', now, 'zh-CN', 'Asia/Shanghai')).toEqual({
      text: '剩余 23 小时 58 分 · 明天 13:58',
      overdue: false,
    });
    expect(formatSla(30, '2026-12-05T06:30:00Z', now, 'en', 'Asia/Shanghai').text).toBe('30 min left · Today 14:30');
    expect(formatSla(-120, '2026-12-05T04:00:00Z', now, 'zh-CN', 'Asia/Shanghai')).toEqual({
      text: '逾期 2 小时',
      overdue: true,
    });
    expect(formatSla(-120, null, now, 'en').text).toBe('2 h overdue');
    expect(formatDue('2026-12-09T01:00:00Z', now, 'en', 'Asia/Shanghai')).toBe('12-09 09:00');
  });
});

describe('enumeration labels', () => {
  it('translates every value in both languages and keeps an unknown one visible', () => {
    expect(enumLabel('ticketPriority', 'high', 'zh-CN')).toBe('高');
    expect(enumLabel('ticketPriority', 'high', 'en')).toBe('High');
    expect(enumLabel('actionStatus', 'active', 'zh-CN')).toBe('进行中');
    expect(enumLabel('ticketStatus', 'in_progress', 'en')).toBe('In progress');
    expect(enumLabel('ticketStatus', 'someday', 'en')).toBe('someday');
    expect(enumLabel('sentiment', null, 'en')).toBe('—');
    for (const labels of Object.values(enumZhCN))
      for (const label of Object.values(labels as Record<string, string>)) expect(label).toMatch(/\S/);
  });
});
