import { describe, expect, it } from 'vitest';
import { formatSurveyMetric } from './format.ts';

describe('formatSurveyMetric', () => {
  it('formats each survey metric as the dashboard tiles show it', () => {
    expect(formatSurveyMetric('nps', 100 / 6)).toBe('16.7');
    expect(formatSurveyMetric('nps', -20)).toBe('-20.0');
    expect(formatSurveyMetric('csat', 51.26)).toBe('51.3%');
    expect(formatSurveyMetric('ces', 5.651)).toBe('5.65');
    expect(formatSurveyMetric('responses', 16941)).toBe('16941');
    expect(formatSurveyMetric('nps', null)).toBe('—');
  });
});
