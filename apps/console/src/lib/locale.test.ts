import { describe, expect, it } from 'vitest';
import type { Shape } from './locale.ts';
import { core } from './strings.ts';

const zhBundles = import.meta.glob<{ zhCN: object }>('../modules/*/locales/zh-CN.ts', { eager: true });
const enBundles = import.meta.glob<{ en: object }>('../modules/*/locales/en.ts', { eager: true });

/** Every key path of a bundle (`a.b.c`), so two languages can be compared at any depth. */
function keyPaths(bundle: object, prefix = ''): string[] {
  return Object.entries(bundle).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keyPaths(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

// The guard itself: `tsc --noEmit` fails if any of these stops being an error.
const base = { title: '标题', nested: { ok: '好' } };
// @ts-expect-error a key missing at the top level
const missingTop: Shape<typeof base> = { nested: { ok: 'OK' } };
// @ts-expect-error a key missing one level down
const missingNested: Shape<typeof base> = { title: 'Title', nested: {} };
const extraNested: Shape<typeof base> = {
  title: 'Title',
  // @ts-expect-error a key only the English bundle has
  nested: { ok: 'OK', extra: 'Extra' },
};
const complete: Shape<typeof base> = { title: 'Title', nested: { ok: 'OK' } };

describe('locale bundles', () => {
  it('type-check against the zh-CN shape (the @ts-expect-error cases above are the proof)', () => {
    expect([missingTop, missingNested, extraNested, complete]).toHaveLength(4);
  });

  it('have an en bundle for every module with a zh-CN one, with the same keys at every depth', () => {
    const modules = Object.keys(zhBundles).map((p) => p.replace('/zh-CN.ts', ''));
    expect(modules.length).toBeGreaterThan(10);
    for (const m of modules) {
      const en = enBundles[`${m}/en.ts`];
      expect(en, m).toBeDefined();
      expect(keyPaths(en.en).sort(), m).toEqual(keyPaths(zhBundles[`${m}/zh-CN.ts`].zhCN).sort());
    }
    expect(keyPaths(core.en).sort()).toEqual(keyPaths(core['zh-CN']).sort());
  });
});
