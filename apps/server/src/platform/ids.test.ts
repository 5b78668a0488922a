import { describe, expect, it } from 'vitest';
import { uuidv7 } from './ids.ts';

describe('uuidv7', () => {
  it('is an RFC 9562 version-7 UUID whose first 48 bits are the millisecond time', () => {
    const ms = Date.UTC(2026, 11, 2, 1, 2, 3, 456);
    const id = uuidv7(ms);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
    // A later millisecond (including one that changes the high 24 bits) sorts after; the epoch pads with zeros.
    expect(uuidv7(ms + 1) > id).toBe(true);
    expect(uuidv7(ms + 0x1000000) > uuidv7(ms + 0xffffff)).toBe(true);
    expect(uuidv7(0).startsWith('00000000-0000-7')).toBe(true);
  });

  it('never repeats within one millisecond', () => {
    const ms = Date.now();
    const ids = new Set(Array.from({ length: 50_000 }, () => uuidv7(ms)));
    expect(ids.size).toBe(50_000);
  });
});
