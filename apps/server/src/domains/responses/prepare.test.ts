import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonical } from './prepare.ts';

/** The first implementation, kept as the reference: stored body hashes must stay comparable across versions. */
function reference(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(reference).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${reference((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

describe('canonical JSON for replay hashes', () => {
  it('sorts keys at every level, so key order does not change the text', () => {
    expect(canonical({ b: 1, a: { d: [2, { z: 1, y: 'x' }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":"x","z":1}]},"b":1}',
    );
    expect(canonical({ a: 1, b: 2 })).toBe(canonical({ b: 2, a: 1 }));
  });

  it('writes exactly what the first implementation wrote, for any JSON value (with undefined members)', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.anything({
          withObjectString: false,
          withMap: false,
          withSet: false,
          withDate: false,
          withTypedArray: false,
          withSparseArray: false,
          withBigInt: false,
        }),
        (json, any) => {
          expect(canonical(json)).toBe(reference(json));
          expect(canonical(any)).toBe(reference(any));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
