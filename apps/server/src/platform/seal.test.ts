import { describe, expect, it } from 'vitest';
import { seal, unseal } from './seal.ts';

describe('seal', () => {
  const tenant = '0190a000-0000-7000-8000-000000000001';
  it('opens with the same secret, purpose and tenant only', () => {
    const s = seal('secret', 'contact-phone', tenant, '13800138000');
    expect(s).not.toContain('13800138000');
    expect(unseal('secret', 'contact-phone', tenant, s)).toBe('13800138000');
    expect(unseal('other', 'contact-phone', tenant, s)).toBeUndefined();
    expect(unseal('secret', 'other-purpose', tenant, s)).toBeUndefined();
    expect(unseal('secret', 'contact-phone', '0190a000-0000-7000-8000-000000000002', s)).toBeUndefined();
    expect(unseal('secret', 'contact-phone', tenant, `${s.slice(0, -2)}AA`)).toBeUndefined();
    expect(unseal('secret', 'contact-phone', tenant, 'garbage')).toBeUndefined();
  });
  it('draws a fresh nonce each time', () => {
    expect(seal('s', 'p', tenant, 'x')).not.toBe(seal('s', 'p', tenant, 'x'));
  });
});
