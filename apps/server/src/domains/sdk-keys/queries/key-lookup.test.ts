import { describe, expect, it } from 'vitest';
import type { Executor } from '../../../platform/db.ts';
import { forgetSdkKey, lookupPublicKey } from './key-lookup.ts';

/** An executor that answers one known key and counts the reads it serves. */
function countingDb(known: string) {
  let reads = 0;
  const ex = {
    execute: async (query: { queryChunks: unknown[] }) => {
      reads++;
      const asked = query.queryChunks.find((c) => typeof c === 'string' && c.startsWith('pk_'));
      return {
        rows:
          asked === known
            ? [
                {
                  tenant_id: 't',
                  id: 'k',
                  org_unit_id: 'u',
                  path: 'hq',
                  touchpoint_id: null,
                  allowed_origins: ['https://shop.example.com'],
                  allowed_event_types: ['page.view'],
                  revoked: false,
                },
              ]
            : [],
      };
    },
  } as unknown as Executor;
  return { ex, reads: () => reads };
}

describe('SDK key lookup cache', () => {
  it('a flood of made-up keys never pushes a real key out of the cache; each made-up key is read once', async () => {
    const real = `pk_real_${'a'.repeat(24)}`;
    const db = countingDb(real);
    expect((await lookupPublicKey(db.ex, real))?.id).toBe('k');
    expect(db.reads()).toBe(1);
    for (let i = 0; i < 12_000; i++) expect(await lookupPublicKey(db.ex, `pk_fake_${i}_${'b'.repeat(24)}`)).toBeNull();
    expect(db.reads()).toBe(12_001);
    // The real key is still cached: no read.
    expect((await lookupPublicKey(db.ex, real))?.origins.has('https://shop.example.com')).toBe(true);
    expect(db.reads()).toBe(12_001);
    // A made-up key asked again within the cache's life costs nothing either.
    expect(await lookupPublicKey(db.ex, `pk_fake_11999_${'b'.repeat(24)}`)).toBeNull();
    expect(db.reads()).toBe(12_001);
    // forgetSdkKey (an edit on this node) makes the next lookup read again.
    forgetSdkKey(real);
    await lookupPublicKey(db.ex, real);
    expect(db.reads()).toBe(12_002);
  });
});
