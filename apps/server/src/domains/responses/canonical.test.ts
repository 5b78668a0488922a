import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonical } from './prepare.ts';

describe('canonical', () => {
  it('sorts keys at every depth, so key order never changes a body hash', () => {
    expect(canonical({ b: 1, a: { d: [1, { f: null, e: 'x' }], c: true } })).toBe(
      '{"a":{"c":true,"d":[1,{"e":"x","f":null}]},"b":1}',
    );
    expect(canonical({ a: undefined, b: '引号"' })).toBe('{"a":null,"b":"引号\\""}');
  });

  it('gives the same text when an inner object’s canonical form is passed in as already known', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.dictionary(fc.string(), fc.jsonValue()),
        (props, rest) => {
          const body = {
            ...rest,
            properties: props,
            occurredAt: '2026-01-01T00:00:00.000Z',
            idempotencyKey: undefined,
          };
          expect(canonical(body, new Map([[props, canonical(props)]]))).toBe(canonical(body));
        },
      ),
    );
  });
});
