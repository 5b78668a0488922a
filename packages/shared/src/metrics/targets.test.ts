import { describe, expect, it } from 'vitest';
import { histogramOf, mean, nps } from './math.ts';
import { governingPeriods, parseTargetPeriod, periodsOfDay, targetStatus } from './targets.ts';

/** 100 answers: 60 promoters (10), 20 passives (8), 20 detractors (3): NPS 40. */
const npsSample = nps(histogramOf([...Array(60).fill(10), ...Array(20).fill(8), ...Array(20).fill(3)]));

describe('target periods', () => {
  it('parses months, quarters and years into tenant-local day ranges', () => {
    expect(parseTargetPeriod('2026-12')).toMatchObject({ kind: 'month', from: '2026-12-01', to: '2027-01-01' });
    expect(parseTargetPeriod('2026-Q4')).toMatchObject({ kind: 'quarter', from: '2026-10-01', to: '2027-01-01' });
    expect(parseTargetPeriod('2026-Q1')).toMatchObject({ from: '2026-01-01', to: '2026-04-01' });
    expect(parseTargetPeriod('2026')).toMatchObject({ kind: 'year', from: '2026-01-01', to: '2027-01-01' });
    for (const bad of ['2026-13', '2026-00', '2026-Q5', '2026-q4', '26-12', '2026-1', '1999', '2026-12-01', ''])
      expect(parseTargetPeriod(bad), bad).toBeUndefined();
  });

  it('a month is governed by itself, then its quarter, then its year', () => {
    expect(governingPeriods(parseTargetPeriod('2026-11')!)).toEqual(['2026-11', '2026-Q4', '2026']);
    expect(governingPeriods(parseTargetPeriod('2026-Q2')!)).toEqual(['2026-Q2', '2026']);
    expect(governingPeriods(parseTargetPeriod('2026')!)).toEqual(['2026']);
    expect(periodsOfDay('2026-05-31')).toEqual({ month: '2026-05', quarter: '2026-Q2', year: '2026' });
  });
});

describe('the at-risk rule', () => {
  it('uses the adjusted-Wald NPS interval of the period so far (known numbers)', () => {
    expect(npsSample.value).toBeCloseTo(40, 9);
    expect(npsSample.ci![0]).toBeCloseTo(23.57, 1);
    expect(npsSample.ci![1]).toBeCloseTo(54.67, 1);
  });

  it('higher is better: at risk above the upper bound, met at or below the lower bound, else uncertain', () => {
    const { value, ci } = npsSample;
    expect(targetStatus(value, ci, 55)).toBe('at_risk');
    expect(targetStatus(value, ci, 54)).toBe('uncertain');
    expect(targetStatus(value, ci, 40)).toBe('uncertain');
    expect(targetStatus(value, ci, 24)).toBe('uncertain');
    expect(targetStatus(value, ci, 23)).toBe('met');
    expect(targetStatus(value, ci, -100)).toBe('met');
  });

  it('lower is better mirrors it (an effort score of 3.0 ± 0.2 against targets)', () => {
    // 50 answers of 2 and 50 of 4: mean 3, s = 1.005, t(99) = 1.984, half-width 0.1995.
    const ces = mean(histogramOf([...Array(50).fill(2), ...Array(50).fill(4)]));
    expect(ces.ci![0]).toBeCloseTo(2.8005, 3);
    expect(targetStatus(ces.value, ces.ci, 2.7, 'lower')).toBe('at_risk');
    expect(targetStatus(ces.value, ces.ci, 3.1, 'lower')).toBe('uncertain');
    expect(targetStatus(ces.value, ces.ci, 3.3, 'lower')).toBe('met');
    expect(targetStatus(ces.value, ces.ci, 2.7, 'higher')).toBe('met');
  });

  it('no value is no_data; a count without an interval is met once reached', () => {
    expect(targetStatus(null, null, 30)).toBe('no_data');
    expect(targetStatus(120, null, 100)).toBe('met');
    expect(targetStatus(80, null, 100)).toBe('uncertain');
  });
});
