import { describe, expect, it } from 'vitest';
import { enumEn, enumLabel, enumZhCN } from './enums.ts';
import { formatDuration } from './format.ts';

describe('durations in words', () => {
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
});

describe('enumeration labels', () => {
  it('translates every value in both languages and keeps an unknown one visible', () => {
    expect(enumLabel('ticketPriority', 'high', 'zh-CN')).toBe('高');
    expect(enumLabel('ticketPriority', 'high', 'en')).toBe('High');
    expect(enumLabel('actionStatus', 'active', 'zh-CN')).toBe('进行中');
    expect(enumLabel('ticketStatus', 'in_progress', 'en')).toBe('In progress');
    expect(enumLabel('ticketStatus', 'someday', 'en')).toBe('someday');
    expect(enumLabel('sentiment', null, 'en')).toBe('—');
    for (const table of [enumZhCN, enumEn])
      for (const labels of Object.values(table))
        for (const label of Object.values(labels as Record<string, string>)) expect(label).toMatch(/\S/);
    expect(enumZhCN.role.agent).toBe('客服专员');
    expect(enumEn.notificationStatus.outbox).toBe('Outbox (no mail server)');
  });
});
