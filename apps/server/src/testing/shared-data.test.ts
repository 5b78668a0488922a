import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedDir } from './shared-data.ts';

// A fake layout: <tmp>/checkout beside <tmp>/shared/present.
const base = mkdtempSync(join(tmpdir(), 'loopcx-shared-'));
const root = join(base, 'checkout');
mkdirSync(root);
mkdirSync(join(base, 'shared', 'present'), { recursive: true });
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('sharedDir', () => {
  it('finds ../shared/<sub> beside the checkout and prints nothing', () => {
    const lines: string[] = [];
    expect(sharedDir('present', 'x', { root, require: true, log: (l) => lines.push(l) })).toBe(
      join(base, 'shared', 'present'),
    );
    expect(lines).toEqual([]);
  });

  it('without it, prints why and what the test does instead, and returns undefined', () => {
    const lines: string[] = [];
    expect(
      sharedDir('data/text', 'the 2 training tests skip', { root, require: false, log: (l) => lines.push(l) }),
    ).toBe(undefined);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\.\.\/shared\/data\/text is not beside this checkout .*: the 2 training tests skip\.$/);
  });

  it('fails instead of skipping when CI requires the folder (LOOPCX_REQUIRE_SHARED=1)', () => {
    const previous = process.env.LOOPCX_REQUIRE_SHARED;
    process.env.LOOPCX_REQUIRE_SHARED = '1';
    try {
      expect(() => sharedDir('data/text', 'skip', { root, log: () => {} })).toThrow(
        /LOOPCX_REQUIRE_SHARED=1 requires it/,
      );
    } finally {
      if (previous === undefined) delete process.env.LOOPCX_REQUIRE_SHARED;
      else process.env.LOOPCX_REQUIRE_SHARED = previous;
    }
  });
});
