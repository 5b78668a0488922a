import { describe, expect, it } from 'vitest';
import { maskContactPhone, parseContactPhone } from './phone.ts';

describe('parseContactPhone', () => {
  it('accepts mainland mobiles in the forms people type them', () => {
    for (const raw of [
      '13800138000',
      '138 0013 8000',
      '138-0013-8000',
      '+86 138 0013 8000',
      '0086 13800138000',
      '8613800138000',
    ])
      expect(parseContactPhone(raw)).toBe('13800138000');
  });
  it('accepts E.164 numbers with their +', () => {
    expect(parseContactPhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(parseContactPhone('+1 (415) 555-0100')).toBe('+14155550100');
  });
  it('refuses landlines without a country code, short numbers, letters and non-mobile prefixes', () => {
    for (const raw of [
      '',
      '12345',
      '021-6234 5678',
      '12800138000',
      '1380013800',
      '138001380001',
      '+0123456789',
      'call me',
      '+1234567890123456',
    ])
      expect(parseContactPhone(raw)).toBeUndefined();
  });
  it('masks all but the first three and last four digits', () => {
    expect(maskContactPhone('13800138000')).toBe('138****8000');
  });
});
