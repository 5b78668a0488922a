import { describe, expect, it } from 'vitest';
import { nextRunAfter, occurrence, periodAt } from './schedule.ts';

const d = (s: string) => new Date(s);

describe('programme schedule', () => {
  it('quarters count on the UTC calendar from the start, month ends clamp', () => {
    const s = { every: 1, unit: 'quarter' as const, startsAt: d('2026-01-31T01:00:00Z') };
    expect(occurrence(s, 1).toISOString()).toBe('2026-04-30T01:00:00.000Z');
    expect(occurrence(s, 4).toISOString()).toBe('2027-01-31T01:00:00.000Z');
    expect(periodAt(s, d('2026-01-31T00:59:59Z'))).toBe(-1);
    expect(periodAt(s, d('2026-01-31T01:00:00Z'))).toBe(0);
    expect(periodAt(s, d('2026-04-30T00:59:59Z'))).toBe(0);
    expect(periodAt(s, d('2026-04-30T01:00:00Z'))).toBe(1);
    expect(periodAt(s, d('2026-12-06T09:00:00Z'))).toBe(3);
    expect(nextRunAfter(s, d('2026-12-06T09:00:00Z'), null)?.toISOString()).toBe('2027-01-31T01:00:00.000Z');
  });

  it('every N days and weeks; before the start the next run is the start; an end stops it', () => {
    const w = { every: 2, unit: 'week' as const, startsAt: d('2026-11-02T08:00:00Z') };
    expect(periodAt(w, d('2026-11-15T23:00:00Z'))).toBe(0);
    expect(periodAt(w, d('2026-11-16T08:00:00Z'))).toBe(1);
    expect(nextRunAfter(w, d('2026-10-01T00:00:00Z'), null)?.toISOString()).toBe('2026-11-02T08:00:00.000Z');
    expect(nextRunAfter(w, d('2026-11-03T00:00:00Z'), d('2026-11-16T08:00:00Z'))).toBeNull();
    const day = { every: 3, unit: 'day' as const, startsAt: d('2026-12-01T00:00:00Z') };
    expect(periodAt(day, d('2026-12-06T09:00:00Z'))).toBe(1);
    const month = { every: 1, unit: 'month' as const, startsAt: d('2026-01-31T00:00:00Z') };
    for (let k = 0; k < 24; k++) expect(periodAt(month, occurrence(month, k))).toBe(k);
  });
});
