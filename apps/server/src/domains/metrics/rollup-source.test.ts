import { describe, expect, it } from 'vitest';
import { splitByMonth } from './rollup-source.ts';

describe('splitByMonth', () => {
  it('takes whole months from the monthly rollups and the days around them from the daily ones', () => {
    expect(splitByMonth('2025-12-01', '2026-12-01')).toEqual({ months: ['2025-12-01', '2026-12-01'] });
    expect(splitByMonth('2026-01-15', '2026-04-03')).toEqual({
      head: ['2026-01-15', '2026-02-01'],
      months: ['2026-02-01', '2026-04-01'],
      tail: ['2026-04-01', '2026-04-03'],
    });
    expect(splitByMonth('2026-02-01', '2026-03-01')).toEqual({ months: ['2026-02-01', '2026-03-01'] });
    expect(splitByMonth('2024-12-31', '2025-02-01')).toEqual({
      head: ['2024-12-31', '2025-01-01'],
      months: ['2025-01-01', '2025-02-01'],
    });
  });

  it('keeps periods without a whole month on the daily rollups, and an empty period empty', () => {
    expect(splitByMonth('2026-11-03', '2026-12-03')).toEqual({ head: ['2026-11-03', '2026-12-03'] });
    expect(splitByMonth('2026-02-01', '2026-02-28')).toEqual({ head: ['2026-02-01', '2026-02-28'] });
    expect(splitByMonth('2026-03-05', '2026-03-05')).toEqual({});
  });
});
