import { describe, expect, it } from 'vitest';
import { addDays, dayIn, dayRangeInstants, isTimeZone, lastDays, startOfDay, wallTime } from './time.ts';

const SH = 'Asia/Shanghai';

describe('tenant days', () => {
  it('puts an instant on the tenant-local day, not the UTC one', () => {
    // 18:30 UTC is 02:30 the next morning in Shanghai: the hours the dashboard used to end "yesterday".
    expect(dayIn(SH, new Date('2026-12-05T18:30:00Z'))).toBe('2026-12-06');
    expect(dayIn('UTC', new Date('2026-12-05T18:30:00Z'))).toBe('2026-12-05');
    expect(dayIn(SH, new Date('2026-12-05T15:59:59.999Z'))).toBe('2026-12-05');
    expect(dayIn(SH, new Date('2026-12-05T16:00:00Z'))).toBe('2026-12-06');
    expect(dayIn('America/Los_Angeles', new Date('2026-12-06T07:59:59Z'))).toBe('2026-12-05');
    expect(dayIn('America/Los_Angeles', new Date('2026-12-06T08:00:00Z'))).toBe('2026-12-06');
  });

  it('ends "the last 30 days" with today in the tenant zone at every hour of the Beijing night', () => {
    for (let h = 0; h < 8; h++) {
      // h:30 Beijing time on 6 December is (h - 8):30 UTC, still 5 December in UTC.
      const now = Date.parse('2026-12-05T16:30:00Z') + h * 3_600_000;
      expect(lastDays(SH, 30, now)).toEqual({ from: '2026-11-07', to: '2026-12-07' });
    }
    expect(lastDays(SH, 1, Date.parse('2026-12-05T18:30:00Z'))).toEqual({ from: '2026-12-06', to: '2026-12-07' });
    expect(lastDays('UTC', 1, Date.parse('2026-12-05T18:30:00Z'))).toEqual({ from: '2026-12-05', to: '2026-12-06' });
  });

  it('does calendar arithmetic across months, years and leap days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-12-06', -29)).toBe('2026-11-07');
    expect(addDays('2026-03-08', 1)).toBe('2026-03-09');
  });

  it('finds the instant a tenant day starts, across daylight-saving changes', () => {
    expect(startOfDay(SH, '2026-12-06').toISOString()).toBe('2026-12-05T16:00:00.000Z');
    expect(startOfDay('UTC', '2026-12-06').toISOString()).toBe('2026-12-06T00:00:00.000Z');
    // Berlin: CET (+1) before 29 March 2026, CEST (+2) on the day after.
    expect(startOfDay('Europe/Berlin', '2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDay('Europe/Berlin', '2026-03-30').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    // Santiago skips local midnight when summer time starts (6 September 2026): the day starts at 01:00 -03.
    expect(startOfDay('America/Santiago', '2026-09-06').toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(dayRangeInstants(SH, { from: '2026-12-06', to: '2026-12-07' })).toEqual({
      from: new Date('2026-12-05T16:00:00Z'),
      to: new Date('2026-12-06T16:00:00Z'),
    });
  });

  it('writes an instant as the tenant wall clock', () => {
    expect(wallTime(SH, '2026-12-05T18:30:05.900Z')).toBe('2026-12-06 02:30:05');
    expect(wallTime('UTC', new Date('2026-12-05T18:30:05Z'))).toBe('2026-12-05 18:30:05');
    expect(wallTime('Europe/Berlin', Date.parse('2026-07-01T00:00:00Z'))).toBe('2026-07-01 02:00:00');
  });

  it('accepts IANA zone names only', () => {
    for (const tz of ['Asia/Shanghai', 'Europe/Berlin', 'UTC', 'America/Argentina/Buenos_Aires', 'Etc/GMT-8'])
      expect(isTimeZone(tz)).toBe(true);
    for (const tz of ['', 'Mars/Olympus', '+08:00', 'Asia/Shanghai; DROP', 'utc8', 'Asia', 'CST-8'])
      expect(isTimeZone(tz)).toBe(false);
  });
});
